//! The WebGL2 renderer: nodes as instanced discs and edges as instanced lines or quadratic
//! curves, three draw calls a frame whatever the graph's size, with the labels, arrow heads and
//! the selection ring drawn by `render2d::draw_overlay` on a transparent 2-D canvas on top. Also
//! the choice between this renderer and the Canvas 2-D one (`choose`).

use crate::render2d::{Frame, Palette};
use kg_core::present::ShownEdge;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlCanvasElement, WebGl2RenderingContext as Gl, WebGlBuffer, WebGlProgram, WebGlShader, WebGlUniformLocation};

/// Which renderer draws the nodes and edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    WebGl,
    Canvas,
}

impl Kind {
    /// The name shown in the toolbar and in the canvas's `data-renderer` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::WebGl => "webgl",
            Kind::Canvas => "canvas",
        }
    }
}

/// The renderer chosen for this page, and why (shown to the user as the toolbar badge's title).
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub kind: Kind,
    pub reason: String,
}

/// GPU names that mean WebGL runs on the CPU, where Canvas 2-D is faster.
const SOFTWARE_GL: [&str; 5] = ["swiftshader", "llvmpipe", "softpipe", "software", "basic render driver"];

/// `UNMASKED_RENDERER_WEBGL` of the `WEBGL_debug_renderer_info` extension.
const UNMASKED_RENDERER: u32 = 0x9246;

/// Where the verdict of the WebGL probe is kept between visits.
const VERDICT_KEY: &str = "kgviz.webgl-verdict";

/// Graphs with fewer nodes than this are drawn with Canvas 2-D whatever the GPU: WebGL would not
/// draw them visibly faster, and the GPU is not probed for them.
pub const SMALL_GRAPH_NODES: usize = 1_000;

/// Chooses the renderer a graph of `nodes` nodes is first drawn with: `?renderer=webgl` or
/// `?renderer=canvas` (`url_override`) decides; a small graph (see [`SMALL_GRAPH_NODES`]) gets
/// Canvas 2-D; otherwise WebGL2 when an earlier visit found it on a real GPU (the verdict kept in
/// `localStorage`), and Canvas 2-D where WebGL2 is missing or only software. Without a verdict
/// the graph is drawn with Canvas 2-D at once and the GPU is probed after the first frame
/// ([`probe_wanted`], [`probe_gpu`]): the first frame never waits for a probe, which takes up to
/// a few hundred milliseconds of a processor (more where WebGL is software).
pub fn choose(url_override: Option<&str>, nodes: usize) -> Choice {
    match url_override {
        Some("webgl") => return Choice { kind: Kind::WebGl, reason: "WebGL2, chosen by ?renderer=webgl".into() },
        Some("canvas") => return Choice { kind: Kind::Canvas, reason: "Canvas 2-D, chosen by ?renderer=canvas".into() },
        _ => {}
    }
    if nodes < SMALL_GRAPH_NODES {
        return Choice { kind: Kind::Canvas, reason: format!("Canvas 2-D: a small graph ({nodes} nodes) draws as fast as with WebGL") };
    }
    if let Some(mut choice) = remembered().as_deref().and_then(from_verdict) {
        choice.reason.push_str(" (found on an earlier visit)");
        return choice;
    }
    Choice { kind: Kind::Canvas, reason: "Canvas 2-D while the GPU is probed".into() }
}

/// True when [`choose`] chose for now only: the GPU decides, and it is not known yet.
pub fn probe_wanted(url_override: Option<&str>, nodes: usize) -> bool {
    url_override.is_none() && nodes >= SMALL_GRAPH_NODES && remembered().is_none()
}

/// Asks which GPU runs WebGL2 (`gpu-probe.js` at `url` in a worker, or here on the main thread
/// when the worker cannot start or has not answered within `timeout_ms`), keeps the verdict for
/// later visits, and gives the renderer it calls for.
pub async fn probe_gpu(url: &str, timeout_ms: i32) -> Choice {
    let answer = match Probe::start(url, timeout_ms) {
        Some(p) => p.answer().await,
        None => None,
    };
    let gpu = answer.or_else(probe).unwrap_or_default();
    remember(&gpu);
    from_verdict(&gpu).unwrap_or(Choice { kind: Kind::Canvas, reason: "Canvas 2-D".into() })
}

/// Keeps the probe's verdict for later loads and visits (empty: no WebGL2).
fn remember(gpu: &str) {
    if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
        let _ = storage.set_item(VERDICT_KEY, gpu);
    }
}

/// The verdict of an earlier visit, if any (empty: no WebGL2).
pub fn remembered() -> Option<String> {
    gloo::utils::window().local_storage().ok().flatten()?.get_item(VERDICT_KEY).ok().flatten()
}

/// `gpu-probe.js` running in a worker: which GPU runs WebGL2, asked off the main thread.
struct Probe {
    worker: web_sys::Worker,
    answer: js_sys::Promise,
}

impl Probe {
    /// Starts the probe script at `url`; its answer counts if it comes within `timeout_ms`.
    fn start(url: &str, timeout_ms: i32) -> Option<Probe> {
        use wasm_bindgen::closure::Closure;
        let worker = web_sys::Worker::new(url).ok()?;
        let window = gloo::utils::window();
        let answer = js_sys::Promise::new(&mut |resolve, _| {
            let on_message = Closure::once_into_js(move |e: web_sys::MessageEvent| {
                let _ = resolve.call1(&JsValue::NULL, &e.data());
            });
            worker.set_onmessage(Some(on_message.unchecked_ref()));
        });
        let timeout = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, timeout_ms);
        });
        let answer = js_sys::Promise::race(&js_sys::Array::of2(&answer, &timeout));
        Some(Probe { worker, answer })
    }

    /// The GPU's name ("" without WebGL2), or `None` when the worker did not answer in time.
    async fn answer(self) -> Option<String> {
        let winner = wasm_bindgen_futures::JsFuture::from(self.answer).await.ok();
        self.worker.terminate();
        winner.and_then(|w| w.as_string())
    }
}

/// The choice for a probe's answer: the GPU's name, or empty when there is no WebGL2.
fn from_verdict(gpu: &str) -> Option<Choice> {
    if gpu.is_empty() {
        return Some(Choice { kind: Kind::Canvas, reason: "Canvas 2-D: this browser has no WebGL2".into() });
    }
    // The names to look for are ASCII (and `str::to_lowercase` is 4 KB of the module).
    let lower = gpu.to_ascii_lowercase();
    Some(if SOFTWARE_GL.iter().any(|s| lower.contains(s)) {
        Choice { kind: Kind::Canvas, reason: format!("Canvas 2-D: WebGL here is software ({gpu}), slower than Canvas 2-D") }
    } else {
        Choice { kind: Kind::WebGl, reason: format!("WebGL2 on {gpu}") }
    })
}

/// Makes a throwaway WebGL2 context and asks for the GPU's name (`"GPU"` when the browser hides
/// it); `None` without WebGL2.
fn probe() -> Option<String> {
    let canvas: HtmlCanvasElement = gloo::utils::document().create_element("canvas").ok()?.dyn_into().ok()?;
    let gl = canvas.get_context("webgl2").ok().flatten()?.dyn_into::<Gl>().ok()?;
    let gpu = gl
        .get_extension("WEBGL_debug_renderer_info")
        .ok()
        .flatten()
        .and_then(|_| gl.get_parameter(UNMASKED_RENDERER).ok())
        .and_then(|v| v.as_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "GPU".to_string());
    // Free the probe's context at once: browsers allow only a few at a time.
    if let Some(lose) = gl.get_extension("WEBGL_lose_context").ok().flatten().and_then(|e| e.dyn_into::<web_sys::WebglLoseContext>().ok()) {
        lose.lose_context();
    }
    Some(gpu)
}

const NODE_VS: &str = r#"#version 300 es
layout(location = 0) in vec2 a_corner;
layout(location = 1) in vec2 a_centre;
layout(location = 2) in float a_radius;
layout(location = 3) in vec4 a_colour;
uniform vec2 u_centre;
uniform float u_zoom;
uniform vec2 u_viewport;
out vec2 v_local;
out vec4 v_colour;
out float v_radius;
void main() {
  vec2 local = a_corner * (a_radius + 1.0);
  vec2 screen = (a_centre - u_centre) * u_zoom + u_viewport * 0.5 + local;
  gl_Position = vec4(screen.x / u_viewport.x * 2.0 - 1.0, 1.0 - screen.y / u_viewport.y * 2.0, 0.0, 1.0);
  v_local = local;
  v_colour = a_colour;
  v_radius = a_radius;
}"#;

const NODE_FS: &str = r#"#version 300 es
precision mediump float;
in vec2 v_local;
in vec4 v_colour;
in float v_radius;
out vec4 colour;
void main() {
  float coverage = clamp(v_radius + 0.5 - length(v_local), 0.0, 1.0);
  if (coverage <= 0.0) discard;
  colour = vec4(v_colour.rgb, v_colour.a * coverage);
}"#;

/// An edge is a quadratic curve from `a_from` to `a_to` bent `a_lane` steps of 16 pixels to the
/// side (the same geometry as `kg_core::edge_shape::curve_control`, whose `LANE_BEND` is the
/// 32 below); `a_t` runs along it.
const EDGE_VS: &str = r#"#version 300 es
layout(location = 0) in float a_t;
layout(location = 1) in vec2 a_from;
layout(location = 2) in vec2 a_to;
layout(location = 3) in float a_lane;
layout(location = 4) in vec4 a_colour;
uniform vec2 u_centre;
uniform float u_zoom;
uniform vec2 u_viewport;
out vec4 v_colour;
void main() {
  vec2 s = (a_from - u_centre) * u_zoom + u_viewport * 0.5;
  vec2 e = (a_to - u_centre) * u_zoom + u_viewport * 0.5;
  vec2 p = mix(s, e, a_t);
  vec2 d = e - s;
  float len = length(d);
  if (a_lane != 0.0 && len > 1e-6) {
    vec2 c = (s + e) * 0.5 + vec2(-d.y, d.x) / len * 32.0 * a_lane;
    float u = 1.0 - a_t;
    p = u * u * s + 2.0 * u * a_t * c + a_t * a_t * e;
  }
  gl_Position = vec4(p.x / u_viewport.x * 2.0 - 1.0, 1.0 - p.y / u_viewport.y * 2.0, 0.0, 1.0);
  v_colour = a_colour;
}"#;

const EDGE_FS: &str = r#"#version 300 es
precision mediump float;
in vec4 v_colour;
out vec4 colour;
void main() { colour = v_colour; }"#;

/// Segments of a curved edge.
const CURVE_SEGMENTS: usize = 12;

/// One compiled program with its camera uniforms.
struct Program {
    program: WebGlProgram,
    centre: Option<WebGlUniformLocation>,
    zoom: Option<WebGlUniformLocation>,
    viewport: Option<WebGlUniformLocation>,
}

/// The WebGL2 renderer of one canvas.
pub struct GlRenderer {
    gl: Gl,
    nodes: Program,
    edges: Program,
    corners: WebGlBuffer,
    straight_t: WebGlBuffer,
    curve_t: WebGlBuffer,
    node_data: WebGlBuffer,
    straight_data: WebGlBuffer,
    curve_data: WebGlBuffer,
    /// Instance arrays, reused between frames.
    node_scratch: Vec<f32>,
    straight_scratch: Vec<f32>,
    curve_scratch: Vec<f32>,
}

fn compile(gl: &Gl, kind: u32, source: &str) -> Result<WebGlShader, String> {
    let shader = gl.create_shader(kind).ok_or("WebGL could not create a shader")?;
    gl.shader_source(&shader, source);
    gl.compile_shader(&shader);
    if gl.get_shader_parameter(&shader, Gl::COMPILE_STATUS).as_bool() == Some(true) {
        Ok(shader)
    } else {
        Err(format!("WebGL shader failed to compile: {}", gl.get_shader_info_log(&shader).unwrap_or_default()))
    }
}

fn link(gl: &Gl, vs: &str, fs: &str) -> Result<Program, String> {
    let program = gl.create_program().ok_or("WebGL could not create a program")?;
    gl.attach_shader(&program, &compile(gl, Gl::VERTEX_SHADER, vs)?);
    gl.attach_shader(&program, &compile(gl, Gl::FRAGMENT_SHADER, fs)?);
    gl.link_program(&program);
    if gl.get_program_parameter(&program, Gl::LINK_STATUS).as_bool() != Some(true) {
        return Err(format!("WebGL program failed to link: {}", gl.get_program_info_log(&program).unwrap_or_default()));
    }
    Ok(Program {
        centre: gl.get_uniform_location(&program, "u_centre"),
        zoom: gl.get_uniform_location(&program, "u_zoom"),
        viewport: gl.get_uniform_location(&program, "u_viewport"),
        program,
    })
}

fn upload(gl: &Gl, buffer: &WebGlBuffer, data: &[f32], usage: u32) {
    gl.bind_buffer(Gl::ARRAY_BUFFER, Some(buffer));
    let array = js_sys::Float32Array::from(data);
    gl.buffer_data_with_array_buffer_view(Gl::ARRAY_BUFFER, &array, usage);
}

/// Points attribute `location` at `size` floats of each record of `stride` floats, starting at
/// float `offset`, advancing once per instance when `instanced`.
fn attribute(gl: &Gl, location: u32, size: i32, stride: i32, offset: i32, instanced: bool) {
    gl.enable_vertex_attrib_array(location);
    gl.vertex_attrib_pointer_with_i32(location, size, Gl::FLOAT, false, stride * 4, offset * 4);
    gl.vertex_attrib_divisor(location, u32::from(instanced));
}

/// "#rrggbb" as red, green, blue in 0..1 (grey for anything else).
fn rgb(hex: &str) -> [f32; 3] {
    kg_core::raster::rgb(hex).map(|c| c as f32 / 255.0)
}

impl GlRenderer {
    /// Takes the canvas's WebGL2 context and compiles the programs.
    ///
    /// # Errors
    /// A message for the page when the browser gives no WebGL2 context or a shader fails.
    pub fn new(canvas: &HtmlCanvasElement) -> Result<GlRenderer, String> {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"alpha".into(), &JsValue::FALSE);
        let _ = js_sys::Reflect::set(&options, &"antialias".into(), &JsValue::TRUE);
        let gl = canvas
            .get_context_with_context_options("webgl2", &options)
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<Gl>().ok())
            .ok_or("This browser gave no WebGL2 context for the canvas.")?;
        let nodes = link(&gl, NODE_VS, NODE_FS)?;
        let edges = link(&gl, EDGE_VS, EDGE_FS)?;
        let buffer = || gl.create_buffer().ok_or("WebGL could not create a buffer");
        let (corners, straight_t, curve_t) = (buffer()?, buffer()?, buffer()?);
        let (node_data, straight_data, curve_data) = (buffer()?, buffer()?, buffer()?);
        upload(&gl, &corners, &[-1.0, -1.0, 1.0, -1.0, -1.0, 1.0, 1.0, 1.0], Gl::STATIC_DRAW);
        upload(&gl, &straight_t, &[0.0, 1.0], Gl::STATIC_DRAW);
        let mut ts = Vec::with_capacity(CURVE_SEGMENTS * 2);
        for k in 0..CURVE_SEGMENTS {
            ts.push(k as f32 / CURVE_SEGMENTS as f32);
            ts.push((k + 1) as f32 / CURVE_SEGMENTS as f32);
        }
        upload(&gl, &curve_t, &ts, Gl::STATIC_DRAW);
        Ok(GlRenderer {
            gl,
            nodes,
            edges,
            corners,
            straight_t,
            curve_t,
            node_data,
            straight_data,
            curve_data,
            node_scratch: Vec::new(),
            straight_scratch: Vec::new(),
            curve_scratch: Vec::new(),
        })
    }

    /// Draws the frame's edges and nodes into the canvas's backing store of `pixels` device
    /// pixels; `lit` is the focus's neighbourhood (the rest is dimmed).
    pub fn draw(&mut self, frame: &Frame, palette: &Palette, lit: &[bool], pixels: [u32; 2]) {
        let gl = &self.gl;
        let camera = frame.camera;
        let (presentation, graph, positions) = (frame.presentation, &frame.scene.graph, frame.positions);
        gl.viewport(0, 0, pixels[0] as i32, pixels[1] as i32);
        let [br, bg, bb] = rgb(palette.background);
        gl.clear_color(br, bg, bb, 1.0);
        gl.clear(Gl::COLOR_BUFFER_BIT);
        gl.enable(Gl::BLEND);
        gl.blend_func(Gl::SRC_ALPHA, Gl::ONE_MINUS_SRC_ALPHA);

        // Edge instances: from, to, lane (signed by the pair's canonical direction), colour;
        // dim edges first so that the focus's edges lie on top.
        let (dim_edge, lit_edge) = (rgb(palette.edge), rgb(palette.edge_lit));
        self.straight_scratch.clear();
        self.curve_scratch.clear();
        for pass_lit in [false, true] {
            let [r, g, b] = if pass_lit && frame.presentation.emphasis(frame.focus) { lit_edge } else { dim_edge };
            for e in &presentation.edges {
                let touches = frame.presentation.edge_lit(e, frame.focus);
                if touches != pass_lit || e.source == e.target {
                    continue;
                }
                let ShownEdge { source, target, lane, .. } = *e;
                let (from, to) = (positions[source.index()], positions[target.index()]);
                let signed = if source <= target { lane } else { -lane } as f32;
                let out = if lane == 0 { &mut self.straight_scratch } else { &mut self.curve_scratch };
                out.extend_from_slice(&[from[0], from[1], to[0], to[1], signed, r, g, b, 1.0]);
            }
        }
        gl.use_program(Some(&self.edges.program));
        self.camera_uniforms(&self.edges, frame, camera.viewport);
        for (data, buffer, t, count) in [
            (&self.straight_scratch, &self.straight_data, &self.straight_t, 2),
            (&self.curve_scratch, &self.curve_data, &self.curve_t, CURVE_SEGMENTS as i32 * 2),
        ] {
            let instances = (data.len() / 9) as i32;
            if instances == 0 {
                continue;
            }
            gl.bind_buffer(Gl::ARRAY_BUFFER, Some(t));
            attribute(gl, 0, 1, 1, 0, false);
            upload(gl, buffer, data, Gl::STREAM_DRAW);
            attribute(gl, 1, 2, 9, 0, true);
            attribute(gl, 2, 2, 9, 2, true);
            attribute(gl, 3, 1, 9, 4, true);
            attribute(gl, 4, 4, 9, 5, true);
            gl.draw_arrays_instanced(Gl::LINES, 0, count, instances);
        }
        gl.disable_vertex_attrib_array(4);

        // Node instances: centre, radius in CSS pixels, colour; dimmed ones first.
        self.node_scratch.clear();
        let [w, h] = camera.viewport;
        let mut colours: Vec<(&'static str, [f32; 3])> = Vec::new();
        for dim in [true, false] {
            for id in graph.node_ids() {
                let i = id.index();
                if !presentation.node_visible[i] || lit[i] == dim {
                    continue;
                }
                let p = camera.screen_from_world(positions[i]);
                let r = presentation.screen_radius(camera, id);
                if p[0] < -r || p[1] < -r || p[0] > w + r || p[1] > h + r {
                    continue;
                }
                // Colours come from a few static strings: parse each once a frame.
                let colour = presentation.colour(graph, id);
                let [cr, cg, cb] = match colours.iter().find(|(c, _)| std::ptr::eq(*c, colour)) {
                    Some(&(_, v)) => v,
                    None => {
                        colours.push((colour, rgb(colour)));
                        rgb(colour)
                    }
                };
                let alpha = if dim { 0.2 } else { 1.0 };
                self.node_scratch.extend_from_slice(&[positions[i][0], positions[i][1], r, cr, cg, cb, alpha]);
            }
        }
        gl.use_program(Some(&self.nodes.program));
        self.camera_uniforms(&self.nodes, frame, camera.viewport);
        gl.bind_buffer(Gl::ARRAY_BUFFER, Some(&self.corners));
        attribute(gl, 0, 2, 2, 0, false);
        upload(gl, &self.node_data, &self.node_scratch, Gl::STREAM_DRAW);
        attribute(gl, 1, 2, 7, 0, true);
        attribute(gl, 2, 1, 7, 2, true);
        attribute(gl, 3, 4, 7, 3, true);
        gl.draw_arrays_instanced(Gl::TRIANGLE_STRIP, 0, 4, (self.node_scratch.len() / 7) as i32);
    }

    fn camera_uniforms(&self, program: &Program, frame: &Frame, viewport: [f32; 2]) {
        let gl = &self.gl;
        gl.uniform2f(program.centre.as_ref(), frame.camera.centre[0], frame.camera.centre[1]);
        gl.uniform1f(program.zoom.as_ref(), frame.camera.zoom);
        gl.uniform2f(program.viewport.as_ref(), viewport[0], viewport[1]);
    }

    /// Reads one pixel of the drawing buffer (device pixels from the top left), for tests.
    pub fn pixel(&self, x: u32, y: u32, height: u32) -> [u8; 4] {
        let mut out = [0u8; 4];
        let _ = self.gl.read_pixels_with_opt_u8_array(x as i32, (height - 1 - y) as i32, 1, 1, Gl::RGBA, Gl::UNSIGNED_BYTE, Some(&mut out));
        out
    }
}
