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

struct VertexOutput {
    @builtin(position) clip_position: vec4<f32>,
    @location(0) normal: vec3<f32>,
    @location(1) color: vec3<f32>,
};

@vertex
fn vs_main(vertex: VertexInput) -> VertexOutput {
    var out: VertexOutput;
    out.clip_position = view.view_proj * vec4<f32>(vertex.position, 1.0);
    out.normal = vertex.normal.xyz;
    out.color = vertex.color.rgb;
    return out;
}

@fragment
fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
    // Interpolated smooth normals can shrink towards zero where neighbours
    // point in opposite directions; such fragments are shaded as if lit
    // head-on rather than with a NaN.
    let length_n = length(in.normal);
    var lambert = 1.0;
    if (length_n > 1e-6) {
        lambert = abs(dot(in.normal / length_n, view.light_dir.xyz));
    }
    let intensity = min(view.shading.x + view.shading.y * lambert, 1.0);
    return vec4<f32>(in.color * intensity, 1.0);
}
