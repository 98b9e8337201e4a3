//! OFF output, so that generated and perturbed meshes can be inspected in
//! any viewer and read back by [`crate::parse_off`].

use std::io::{self, Write};

use crate::Mesh;

/// Writes `mesh` as ASCII OFF (COFF with RGBA floats when it has vertex
/// colours). Coordinates use the shortest decimal form that parses back to
/// the same f32, so reading the file returns bit-identical positions.
pub fn write_off<W: Write>(mesh: &Mesh, writer: W) -> io::Result<()> {
    let mut out = io::BufWriter::new(writer);
    let colors = mesh.colors();
    writeln!(out, "{}", if colors.is_some() { "COFF" } else { "OFF" })?;
    writeln!(out, "{} {} 0", mesh.vertex_count(), mesh.triangle_count())?;
    for (vertex, p) in mesh.positions().iter().enumerate() {
        write!(out, "{} {} {}", p[0], p[1], p[2])?;
        if let Some(colors) = colors {
            let [r, g, b] = colors[vertex];
            write!(out, " {r} {g} {b} 1")?;
        }
        writeln!(out)?;
    }
    for [a, b, c] in mesh.triangles() {
        writeln!(out, "3 {a} {b} {c}")?;
    }
    out.flush()
}
