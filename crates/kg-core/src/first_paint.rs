//! The picture of a graph's first frame that a page shows before its app has started: the
//! frame the app draws first for the default data (standard positions, the camera fitted, the
//! labels that fit), written at build time as SVG to sit inline in the page's HTML, so the
//! browser paints it as soon as it reads the page (see `cargo xtask first-paint`).
//!
//! The picture is drawn for [`VIEWPORT`] and scales to the box it is put in, as the fitted
//! camera would; its colours are the light theme's, and the page's style sheet may recolour
//! the edges and labels by their classes (`edges`, `labels`) for another theme. The page's
//! picture leaves the labels out: their CJK glyphs take the browser longer to rasterize than
//! the rest of the picture, on the cores that are compiling the app's module meanwhile
//! (`tests/perf/firstpaint.mjs`), and the app's frame brings them soon after.

use crate::camera::{Camera, Vec2};
use crate::scene::Scene;
use crate::svg::{to_svg, SvgStyle, SvgView};

/// The canvas's size in CSS pixels in a 1280 × 800 window with the viewer's standard
/// interface, which the picture is drawn for.
pub const VIEWPORT: Vec2 = [1012.0, 648.0];

/// The light theme's colours (the app's `render2d::LIGHT`).
const STYLE: SvgStyle<'static> =
    SvgStyle { background: "#ffffff", edge: "#b8b8b8", edge_lit: "#555555", label: "#222222", label_halo: "#ffffff" };

/// The app's first frame of `scene` in a `viewport`-sized canvas, as an `<svg>` element that
/// fills its box (its `viewBox` is the canvas, kept in proportion and centred).
///
/// # Arguments
/// * `scene` - the loaded graph at its standard positions.
/// * `viewport` - the canvas's size in CSS pixels the frame is drawn for.
/// * `labels` - whether to write the labels the frame shows (else only discs and edges).
///
/// # Returns
/// The element's markup; every label is escaped.
///
/// # Complexity
/// O(n + m) and O(k log k) for the k labels considered.
///
/// ```
/// let report = kg_core::load_str(r#"{"nodes":[{"id":"a","type":"person","label":"張<建>生"}],"edges":[]}"#).unwrap();
/// let scene = kg_core::Scene::build(report);
/// let svg = kg_core::first_paint::picture(&scene, kg_core::first_paint::VIEWPORT, true);
/// assert!(svg.starts_with("<svg ") && svg.contains(">張&lt;建&gt;生</text>"));
/// let bare = kg_core::first_paint::picture(&scene, kg_core::first_paint::VIEWPORT, false);
/// assert!(bare.contains("<circle ") && !bare.contains("<text"));
/// ```
pub fn picture(scene: &Scene, viewport: Vec2, labels: bool) -> String {
    let presentation = scene.default_presentation();
    let positions = &scene.positions;
    // As the app's first frame: the camera fitted with a margin of 40 pixels, nothing focused.
    let camera = Camera::fit(presentation.bounds(positions), viewport, 40.0);
    let lit = presentation.highlighted(None);
    // Labels are placed by an estimate of their size: 12 pixels a character (the CJK glyphs of
    // the labels' 12-pixel font), as the app estimates a label it has not measured yet.
    let labels = if labels {
        presentation.visible_labels(positions, &scene.by_importance, &camera, None, &lit, |id| {
            [scene.graph.node(id).display_label().chars().count() as f32 * 12.0 + 4.0, 15.0]
        })
    } else {
        Vec::new()
    };
    let view = SvgView { graph: &scene.graph, presentation: &presentation, positions, camera: &camera, focus: None, labels: &labels };
    let document = to_svg(&view, &STYLE);
    // The export opens with its own `<svg>` tag (a fixed size in pixels) and a background; the
    // picture takes its box's size and the page's background instead.
    let mut lines = document.splitn(3, '\n');
    let (_, _, body) = (lines.next(), lines.next(), lines.next().unwrap_or_default());
    let [w, h] = viewport.map(|v| crate::decimal::fixed(v, 0));
    let body = body.replacen(r#"<g fill="none" stroke-width="1">"#, r#"<g class="edges" fill="none" stroke-width="1">"#, 1).replacen(
        r#"<g text-anchor="middle""#,
        r#"<g class="labels" text-anchor="middle""#,
        1,
    );
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" height="100%" preserveAspectRatio="xMidYMid meet" font-family="Noto Sans CJK SC, Noto Sans CJK TC, PingFang SC, Microsoft YaHei, sans-serif" font-size="12">
{body}"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    /// The seed's picture, checked as a user would see it: every node a disc in its type's
    /// colour, every edge a line, labels that do not overlap, and nothing from the data as markup.
    #[test]
    fn the_seed_picture_shows_every_node_and_edge_and_labels_that_fit() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/jiaxing-2023-03-17.json")).unwrap_or_default();
        let scene = Scene::build(load_str(&text).unwrap_or_else(|e| panic!("the seed loads: {e}")));
        let svg = picture(&scene, VIEWPORT, true);
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1012 648" width="100%""#), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("<rect"), "the page's background shows through");
        let p = scene.default_presentation();
        assert_eq!(svg.matches("<circle ").count(), scene.graph.node_count());
        assert_eq!(svg.matches("<path ").count(), p.edges.len());
        assert_eq!(svg.matches(r#"<g class="edges""#).count(), 1);
        assert_eq!(svg.matches(r#"<g class="labels""#).count(), 1);
        // The hub is labelled, and the labels are the seed's own names.
        let texts: Vec<&str> = svg.split("<text ").skip(1).filter_map(|t| t.split_once('>').and_then(|(_, r)| r.split_once("</text>")).map(|(l, _)| l)).collect();
        assert!(texts.len() >= 10 && texts.len() < scene.graph.node_count(), "{} labels: {texts:?}", texts.len());
        assert!(texts.contains(&"張建生"), "{texts:?}");
        // Discs sit inside the canvas, with the fitted camera's margin.
        for circle in svg.split("<circle ").skip(1) {
            let number = |name: &str| {
                let at = circle.find(&format!("{name}=\"")).map(|i| i + name.len() + 2).unwrap_or(0);
                circle[at..].split('"').next().and_then(|v| v.parse::<f32>().ok()).unwrap_or(f32::NAN)
            };
            let (x, y) = (number("cx"), number("cy"));
            assert!((30.0..=VIEWPORT[0] - 30.0).contains(&x) && (30.0..=VIEWPORT[1] - 30.0).contains(&y), "({x}, {y})");
        }
        // Without labels, the same discs and edges.
        let bare = picture(&scene, VIEWPORT, false);
        assert!(!bare.contains("<text"), "{bare}");
        assert_eq!(bare.split("<g class=\"labels\"").next(), svg.split("<g class=\"labels\"").next());
    }

    #[test]
    fn labels_are_escaped_and_an_empty_graph_is_an_empty_picture() {
        let report = load_str(r#"{"nodes":[{"id":"a","type":"person","label":"</svg><script>x</script>"},{"id":"b","type":"event","label":"A & B"}],
            "edges":[{"source":"a","target":"b","type":"participated_in"}]}"#)
        .unwrap_or_else(|e| panic!("{e}"));
        let svg = picture(&Scene::build(report), [400.0, 300.0], true);
        assert!(svg.contains("&lt;/svg&gt;&lt;script&gt;") && svg.contains("A &amp; B"), "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
        assert_eq!(svg.matches("</svg>").count(), 1);
        let empty = picture(&Scene::build(load_str(r#"{"nodes":[],"edges":[]}"#).unwrap_or_else(|e| panic!("{e}"))), VIEWPORT, true);
        assert!(empty.starts_with("<svg ") && !empty.contains("<circle") && empty.trim_end().ends_with("</svg>"), "{empty}");
    }
}
