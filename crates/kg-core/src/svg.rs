//! The current view as an SVG document: the same edges, discs, dimming and labels the renderers
//! draw, in screen coordinates. Every label is escaped: graph data is untrusted.

use crate::camera::Camera;
use crate::graph::{KnowledgeGraph, NodeId};
use crate::present::Presentation;
use crate::decimal::fixed;
use crate::edge_shape::{arrow_head, curve_control, shows_arrow};
use std::fmt::Write;

/// The colours of an exported view.
pub struct SvgStyle<'a> {
    pub background: &'a str,
    pub edge: &'a str,
    pub edge_lit: &'a str,
    pub label: &'a str,
    pub label_halo: &'a str,
}

/// Everything one exported view shows.
pub struct SvgView<'a> {
    pub graph: &'a KnowledgeGraph,
    pub presentation: &'a Presentation,
    pub positions: &'a [crate::camera::Vec2],
    pub camera: &'a Camera,
    pub focus: Option<NodeId>,
    /// The labels to write (for example those the screen shows, from `visible_labels`).
    pub labels: &'a [NodeId],
}

fn esc(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// Writes the view as a standalone SVG document of the camera's viewport size.
///
/// # Complexity
/// O(n + m).
///
/// ```
/// use kg_core::{camera::Camera, present::Presentation, svg::{to_svg, SvgStyle, SvgView}};
/// let doc = kg_core::load_str(r#"{"nodes":[{"id":"a","type":"person","label":"<張>"}],"edges":[]}"#).unwrap().document;
/// let g = kg_core::KnowledgeGraph::from_document(doc);
/// let p = Presentation::new(&g, false);
/// let camera = Camera { centre: [0.0, 0.0], zoom: 1.0, viewport: [100.0, 80.0] };
/// let style = SvgStyle { background: "#fff", edge: "#bbb", edge_lit: "#555", label: "#222", label_halo: "#fff" };
/// let ids = [kg_core::NodeId(0)];
/// let svg = to_svg(&SvgView { graph: &g, presentation: &p, positions: &[[0.0, 0.0]], camera: &camera, focus: None, labels: &ids }, &style);
/// assert!(svg.contains("&lt;張&gt;") && !svg.contains("<張>"));
/// ```
pub fn to_svg(view: &SvgView, style: &SvgStyle) -> String {
    let mut writer = SvgWriter::new(view, style);
    while !writer.step(usize::MAX) {}
    writer.finish()
}

/// [`to_svg`] in steps of a bounded number of elements, so that a page can write the view of a
/// large graph (300,000 elements at 100,000 nodes) without stopping for it.
pub struct SvgWriter<'a> {
    view: &'a SvgView<'a>,
    style: &'a SvgStyle<'a>,
    lit: Vec<bool>,
    emphasis: bool,
    /// The standard node radius on the screen, which decides where arrow heads are drawn.
    standard_radius: f32,
    out: String,
    /// 0: the header; 1, 2: the dim, then the lit edges; 3, 4: the dim, then the lit nodes;
    /// 5: the labels and the end; 6: done.
    phase: u8,
    /// The next edge or node of the phase.
    next: usize,
}

impl<'a> SvgWriter<'a> {
    /// Starts writing `view`.
    pub fn new(view: &'a SvgView<'a>, style: &'a SvgStyle<'a>) -> SvgWriter<'a> {
        let lit = view.presentation.highlighted(view.focus);
        let (emphasis, standard_radius) = (view.presentation.emphasis(view.focus), crate::scene::node_screen_radius(view.camera));
        SvgWriter { view, style, lit, emphasis, standard_radius, out: String::new(), phase: 0, next: 0 }
    }

    /// Writes about `budget` more elements.
    ///
    /// # Returns
    /// True once the document is complete.
    pub fn step(&mut self, budget: usize) -> bool {
        let (view, style) = (self.view, self.style);
        let (p, camera, graph) = (view.presentation, view.camera, view.graph);
        let screen = |id: NodeId| camera.screen_from_world(view.positions[id.index()]);
        let out = &mut self.out;
        let mut work = 0;
        while work < budget && self.phase < 6 {
            match self.phase {
                0 => {
                    // The canvas's size in CSS pixels: whole, or to a tenth.
                    let [w, h] = camera.viewport.map(|v| fixed(v, if v.fract() == 0.0 { 0 } else { 1 }));
                    let _ = writeln!(
                        out,
                        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Noto Sans CJK SC, Noto Sans CJK TC, PingFang SC, Microsoft YaHei, sans-serif" font-size="12">"#
                    );
                    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="{}"/>"#, esc(style.background));
                    let _ = writeln!(out, r#"<g fill="none" stroke-width="1">"#);
                    self.phase = 1;
                }
                1 | 2 => {
                    let pass_lit = self.phase == 2;
                    let Some(e) = p.edges.get(self.next) else {
                        (self.phase, self.next) = (self.phase + 1, 0);
                        if self.phase == 3 {
                            let _ = writeln!(out, "</g>");
                            let _ = writeln!(out, "<g>");
                        }
                        continue;
                    };
                    self.next += 1;
                    work += 1;
                    if p.edge_lit(e, view.focus) != pass_lit {
                        continue;
                    }
                    let colour = if pass_lit && self.emphasis { style.edge_lit } else { style.edge };
                    let (a, b) = (screen(e.source), screen(e.target));
                    let mut d = if e.source == e.target {
                        let r = p.screen_radius(camera, e.source).max(4.0);
                        let (x, y, r) = (fixed(a[0], 1), fixed(a[1] - r, 1), fixed(r, 1));
                        format!("M{x} {y}a{r} {r} 0 1 1 0.1 0")
                    } else if let Some(c) = curve_control(a, b, e.lane, e.source <= e.target) {
                        let [a0, a1, c0, c1, b0, b1] = [a[0], a[1], c[0], c[1], b[0], b[1]].map(|v| fixed(v, 1));
                        format!("M{a0} {a1}Q{c0} {c1} {b0} {b1}")
                    } else {
                        let [a0, a1, b0, b1] = [a[0], a[1], b[0], b[1]].map(|v| fixed(v, 1));
                        format!("M{a0} {a1}L{b0} {b1}")
                    };
                    // The arrow head, where the renderers draw one, as more of the same path.
                    if e.source != e.target && shows_arrow(pass_lit, self.standard_radius) {
                        let from = curve_control(a, b, e.lane, e.source <= e.target).unwrap_or(a);
                        if let Some(points) = arrow_head(from, b, p.screen_radius(camera, e.target)) {
                            let [w0, w1, t0, t1, v0, v1] = [points[0][0], points[0][1], points[1][0], points[1][1], points[2][0], points[2][1]].map(|v| fixed(v, 1));
                            let _ = write!(d, "M{w0} {w1}L{t0} {t1}L{v0} {v1}");
                        }
                    }
                    let _ = writeln!(out, r#"<path d="{d}" stroke="{}"/>"#, esc(colour));
                }
                3 | 4 => {
                    let dim = self.phase == 3;
                    let i = self.next;
                    if i >= p.node_visible.len().min(graph.node_count()) {
                        (self.phase, self.next) = (self.phase + 1, 0);
                        if self.phase == 5 {
                            let _ = writeln!(out, "</g>");
                        }
                        continue;
                    }
                    self.next += 1;
                    work += 1;
                    if !p.node_visible[i] || self.lit[i] == dim {
                        continue;
                    }
                    let id = NodeId(i as u32);
                    let c = screen(id);
                    let opacity = if dim { r#" fill-opacity="0.2""# } else { "" };
                    let _ = writeln!(
                        out,
                        r#"<circle cx="{}" cy="{}" r="{}" fill="{}"{opacity}><title>{}</title></circle>"#,
                        fixed(c[0], 1),
                        fixed(c[1], 1),
                        fixed(p.screen_radius(camera, id), 1),
                        esc(p.colour(graph, id)),
                        esc(graph.node(id).display_label())
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        r#"<g text-anchor="middle" dominant-baseline="hanging" fill="{}" stroke="{}" stroke-width="3" paint-order="stroke">"#,
                        esc(style.label),
                        esc(style.label_halo)
                    );
                    for &id in view.labels {
                        let c = screen(id);
                        let opacity = if self.lit[id.index()] { "" } else { r#" opacity="0.35""# };
                        let (x, y) = (fixed(c[0], 1), fixed(c[1] + p.screen_radius(camera, id) + 2.0, 1));
                        let _ = writeln!(out, r#"<text x="{x}" y="{y}"{opacity}>{}</text>"#, esc(graph.node(id).display_label()));
                    }
                    let _ = writeln!(out, "</g>\n</svg>");
                    work += view.labels.len();
                    self.phase = 6;
                }
            }
        }
        self.phase == 6
    }

    /// The document (complete once [`SvgWriter::step`] has returned true).
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    #[test]
    fn the_svg_is_well_formed_xml_with_the_labels_and_escaped_text() {
        let doc = load_str(
            r#"{"nodes":[{"id":"a","type":"person","label":"張建生"},{"id":"b","type":"organization","label":"A & B <script>"},
                {"id":"c","type":"event","label":"會議"}],
               "edges":[{"source":"a","target":"b","type":"member_of"},{"source":"a","target":"b","type":"spoke_at"},
                        {"source":"c","target":"c","type":"part_of"}]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        let g = KnowledgeGraph::from_document(doc);
        let p = Presentation::new(&g, false);
        let positions = [[0.0, 0.0], [100.0, 0.0], [50.0, 80.0]];
        let camera = Camera { centre: [50.0, 40.0], zoom: 1.0, viewport: [400.0, 300.0] };
        let style = SvgStyle { background: "#ffffff", edge: "#b8b8b8", edge_lit: "#555555", label: "#222222", label_halo: "#ffffff" };
        let labels: Vec<NodeId> = g.node_ids().collect();
        let view = SvgView { graph: &g, presentation: &p, positions: &positions, camera: &camera, focus: Some(NodeId(0)), labels: &labels };
        let svg = to_svg(&view, &style);
        // Written a few elements at a time, the document is the same.
        for budget in [1, 2, 5] {
            let mut writer = SvgWriter::new(&view, &style);
            let mut steps = 0;
            while !writer.step(budget) {
                steps += 1;
            }
            assert!(steps >= 9 / budget, "{steps} steps of {budget}");
            assert_eq!(writer.finish(), svg);
        }

        let mut reader = quick_xml::Reader::from_str(&svg);
        let (mut texts, mut circles, mut paths) = (Vec::new(), 0, 0);
        let mut in_text = false;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(e)) => {
                    in_text = e.name().as_ref() == "text";
                    circles += usize::from(e.name().as_ref() == "circle");
                }
                Ok(quick_xml::events::Event::Empty(e)) => paths += usize::from(e.name().as_ref() == "path"),
                Ok(quick_xml::events::Event::Text(t)) if in_text => {
                    texts.push(t.xml10_content().to_string());
                }
                Ok(quick_xml::events::Event::GeneralRef(r)) if in_text => {
                    let reference = format!("&{};", &*r);
                    let ch = quick_xml::escape::unescape(&reference).map(|s| s.into_owned()).unwrap_or(reference);
                    if let Some(last) = texts.last_mut() {
                        last.push_str(&ch);
                    }
                }
                Ok(quick_xml::events::Event::End(_)) => in_text = false,
                Ok(quick_xml::events::Event::Eof) => break,
                Err(e) => panic!("not well-formed: {e}\n{svg}"),
                _ => {}
            }
        }
        assert_eq!(circles, 3);
        assert_eq!(paths, 3, "two parallel edges and a self-loop");
        assert!(texts.iter().any(|t| t == "張建生"), "{texts:?}");
        assert!(svg.contains("A &amp; B &lt;script&gt;"), "{svg}");
        assert!(!svg.contains("<script"), "labels are never markup");
        assert!(svg.contains("fill-opacity=\"0.2\""), "the node away from the focus is dimmed");
    }

    /// The path data of each edge of a two-node graph with one edge, a to b, as written.
    fn edge_paths(zoom: f32, focus: Option<NodeId>) -> Vec<String> {
        let doc = load_str(
            r#"{"nodes":[{"id":"a","type":"person"},{"id":"b","type":"organization"},{"id":"c","type":"event"}],
               "edges":[{"source":"a","target":"b","type":"member_of"}]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        let g = KnowledgeGraph::from_document(doc);
        let p = Presentation::new(&g, false);
        let positions = [[0.0, 0.0], [100.0, 0.0], [50.0, 50.0]];
        let camera = Camera { centre: [50.0, 0.0], zoom, viewport: [400.0, 300.0] };
        let style = SvgStyle { background: "#fff", edge: "#bbb", edge_lit: "#555", label: "#222", label_halo: "#fff" };
        let svg = to_svg(&SvgView { graph: &g, presentation: &p, positions: &positions, camera: &camera, focus, labels: &[] }, &style);
        svg.lines().filter_map(|l| l.strip_prefix("<path d=\"")).map(|l| l[..l.find('"').unwrap_or(l.len())].to_string()).collect()
    }

    #[test]
    fn arrow_heads_are_drawn_where_the_renderers_draw_them() {
        // Zoomed in (discs of 5 px at zoom 1, 10 px at zoom 2): b at x 300 in a 400 px frame
        // centred on x 50, so the head's tip is on b's rim, 10 px to its left.
        let near = edge_paths(2.0, None);
        assert_eq!(near.len(), 1);
        assert_eq!(near[0], "M100.0 150.0L300.0 150.0M284.0 153.0L290.0 150.0L284.0 147.0", "the line, then the chevron");
        // Zoomed out, only an edge at the focus has its head.
        let far = edge_paths(1.0, None);
        assert_eq!(far, ["M150.0 150.0L250.0 150.0"]);
        let focused = edge_paths(1.0, Some(NodeId(1)));
        assert_eq!(focused, ["M150.0 150.0L250.0 150.0M239.0 153.0L245.0 150.0L239.0 147.0"]);
        let elsewhere = edge_paths(1.0, Some(NodeId(2)));
        assert_eq!(elsewhere, ["M150.0 150.0L250.0 150.0"], "an edge away from the focus has none");
    }
}
