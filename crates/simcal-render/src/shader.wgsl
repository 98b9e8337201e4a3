// Lambert plus ambient shading with a directional light, lit from both
// sides: |n . l| instead of max(n . l, 0), because ModelNet-style meshes
// have inconsistent triangle winding.

struct View {
    view_proj: mat4x4<f32>,
    // Unit light direction in the canonical frame; w unused.
    light_dir: vec4<f32>,
    // x: ambient strength, y: diffuse strength.
    shading: vec4<f32>,
};

@group(0) @binding(0) var<uniform> view: View;

struct VertexInput {
    @location(0) position: vec3<f32>,
    @location(1) normal: vec4<f32>,
    @location(2) color: vec4<f32>,
};

// Flat shading interpolates only the position; the colour comes from each
// triangle's provoking (first) vertex. Fewer interpolated values make
// triangle setup cheaper on software rasterisers.
struct FlatVertexOutput {
    @builtin(position) clip_position: vec4<f32>,
    // Position in the canonical frame, for face normals from derivatives.
    @location(0) position: vec3<f32>,
    @location(1) @interpolate(flat) color: vec3<f32>,
};

struct SmoothVertexOutput {
    @builtin(position) clip_position: vec4<f32>,
    @location(0) normal: vec3<f32>,
    @location(1) color: vec3<f32>,
};

// Flat shading does not read the vertex normal, so it is not fetched.
struct FlatVertexInput {
    @location(0) position: vec3<f32>,
    @location(2) color: vec4<f32>,
};

@vertex
fn vs_flat(vertex: FlatVertexInput) -> FlatVertexOutput {
    var out: FlatVertexOutput;
    out.clip_position = view.view_proj * vec4<f32>(vertex.position, 1.0);
    out.position = vertex.position;
    out.color = vertex.color.rgb;
    return out;
}

@vertex
fn vs_smooth(vertex: VertexInput) -> SmoothVertexOutput {
    var out: SmoothVertexOutput;
    out.clip_position = view.view_proj * vec4<f32>(vertex.position, 1.0);
    out.normal = vertex.normal.xyz;
    out.color = vertex.color.rgb;
    return out;
}

// Shades with normal `n` of any length. A normal too short to normalise
// (smooth normals of opposite neighbours cancelling) is shaded as if lit
// head-on rather than with a NaN.
fn shade(n: vec3<f32>, color: vec3<f32>) -> vec4<f32> {
    let length_n = length(n);
    var lambert = 1.0;
    if (length_n > 1e-12) {
        lambert = abs(dot(n / length_n, view.light_dir.xyz));
    }
    let intensity = min(view.shading.x + view.shading.y * lambert, 1.0);
    return vec4<f32>(color * intensity, 1.0);
}

// Flat shading: the position is linear across a triangle, so its screen
// derivatives span the triangle's plane and their cross product is the face
// normal (up to sign, which |n . l| ignores).
@fragment
fn fs_flat(in: FlatVertexOutput) -> @location(0) vec4<f32> {
    return shade(cross(dpdx(in.position), dpdy(in.position)), in.color);
}

@fragment
fn fs_smooth(in: SmoothVertexOutput) -> @location(0) vec4<f32> {
    return shade(in.normal, in.color);
}
