//! A scene: a loaded graph with the positions and label priorities the renderers draw from.
//! Built once per load and shared by reference; renderers only read it.

use crate::camera::{Bounds, Camera, Vec2};
use crate::graph::{KnowledgeGraph, NodeId};
use crate::layout::initial_positions;
use crate::load::LoadReport;
use crate::present::{Presentation, PresentationSteps};

/// The node radius in world units.
pub const NODE_RADIUS: f32 = 5.0;

/// The smallest radius a node is drawn with, in CSS pixels: a zoomed-out view draws its nodes
/// larger than they are, so that each stays visible.
pub const MIN_SCREEN_RADIUS: f32 = 2.0;

/// The radius of a node's disc on screen, in pixels: the world radius scaled by the zoom, kept
/// between 2 and 40 pixels so nodes stay visible far out and do not swamp the view close up.
pub fn node_screen_radius(camera: &Camera) -> f32 {
    crate::camera::within(NODE_RADIUS * camera.zoom, MIN_SCREEN_RADIUS, 40.0)
}

/// A graph ready to draw.
#[derive(Debug)]
pub struct Scene {
    pub graph: KnowledgeGraph,
    /// World position of each node, indexed by [`NodeId::index`].
    pub positions: Vec<Vec2>,
    /// Label priority of each node: its degree, so hubs are labelled first.
    pub importance: Vec<f32>,
    /// Every node, most important first (ties by index): the order labels are considered in.
    pub by_importance: Vec<NodeId>,
    /// What the loader said about the input.
    pub problems: Vec<crate::load::Problem>,
    /// The format the input was read as.
    pub format: crate::formats::Format,
    /// What is shown with every setting at its default, made once (see
    /// [`Scene::default_presentation`]).
    default_presentation: std::cell::OnceCell<std::rc::Rc<crate::present::Presentation>>,
    /// The default presentation's first step, when a page made it so, until its lanes are
    /// assigned (see [`Scene::adopt_presentation_steps`]).
    presentation_steps: std::cell::RefCell<Option<PresentationSteps>>,
}

impl Scene {
    /// Builds the graph and places every node at the standard initial position; the force
    /// layout then runs off the main thread (see the app's layout worker).
    ///
    /// # Complexity
    /// O(n + m).
    pub fn build(mut report: LoadReport) -> Scene {
        let (format, problems) = (report.format, std::mem::take(&mut report.problems));
        Scene::from_graph(KnowledgeGraph::from_report(report), problems, format)
    }

    /// [`Scene::build`]'s second half, for a page that builds the graph in a task of its own:
    /// the standard positions and the label priorities of a built graph.
    ///
    /// # Complexity
    /// O(n + m).
    pub fn from_graph(graph: KnowledgeGraph, problems: Vec<crate::load::Problem>, format: crate::formats::Format) -> Scene {
        let n = graph.node_count();
        let positions = initial_positions(n);
        let importance: Vec<f32> = graph.node_ids().map(|id| graph.degree(id) as f32).collect();
        let by_importance = by_degree(&graph);
        Scene { graph, positions, importance, by_importance, problems, format, default_presentation: Default::default(), presentation_steps: Default::default() }
    }

    /// What is shown with every setting at its default (roles as nodes, nothing filtered):
    /// [`Presentation::new`], made on the first call and shared after; from the first step a
    /// page gave ([`Scene::adopt_presentation_steps`]), when it did.
    ///
    /// # Complexity
    /// O(n + m) the first time, O(1) after.
    pub fn default_presentation(&self) -> std::rc::Rc<Presentation> {
        self.default_presentation
            .get_or_init(|| {
                // (Were the first step still lent out, it would be made again, not waited for.)
                let steps = self.presentation_steps.try_borrow_mut().ok().and_then(|mut s| s.take());
                std::rc::Rc::new(steps.map_or_else(|| Presentation::new(&self.graph, false), PresentationSteps::finish))
            })
            .clone()
    }

    /// Takes `steps` ([`Presentation::in_steps`] of this scene's graph, roles as nodes) as the
    /// default presentation's first step when none has been made yet: its lanes are assigned on
    /// the first call of [`Scene::default_presentation`], and until then a frame that needs no
    /// lanes can be drawn from [`Scene::presentation_without_lanes`] (a large graph's first
    /// frame, whose raster draws every edge straight: the lanes took 10–17 ms of it at 100,000
    /// nodes).
    pub fn adopt_presentation_steps(&self, steps: PresentationSteps) {
        if self.default_presentation.get().is_none() {
            *self.presentation_steps.borrow_mut() = Some(steps);
        }
    }

    /// The default presentation but the lanes of its parallel edges (every edge's is 0), while
    /// those are still to be assigned (see [`Scene::adopt_presentation_steps`]); `None` once
    /// the default presentation is made. Let go of it before asking for that.
    pub fn presentation_without_lanes(&self) -> Option<std::cell::Ref<'_, Presentation>> {
        if self.default_presentation.get().is_some() {
            return None;
        }
        std::cell::Ref::filter_map(self.presentation_steps.borrow(), |s| s.as_ref().map(PresentationSteps::so_far)).ok()
    }

    /// The world rectangle around every node, with room for the node discs.
    pub fn bounds(&self) -> Option<Bounds> {
        Bounds::of_points(&self.positions).map(|b| Bounds {
            min: [b.min[0] - NODE_RADIUS, b.min[1] - NODE_RADIUS],
            max: [b.max[0] + NODE_RADIUS, b.max[1] + NODE_RADIUS],
        })
    }
}

/// Every node, highest degree first and ties by index: a counting sort on the degree (degrees
/// are small integers), which at 100,000 nodes takes a fraction of a comparison sort's time.
///
/// # Complexity
/// O(n + d), d the highest degree.
fn by_degree(graph: &KnowledgeGraph) -> Vec<NodeId> {
    let top = graph.node_ids().map(|id| graph.degree(id)).max().unwrap_or(0);
    // Highest degree first: the key is how far below the top a node's degree is.
    let key = |i: u32| top - graph.degree(NodeId(i));
    crate::algo::counting_order(top, key, 0..graph.node_count() as u32).into_iter().map(NodeId).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    fn scene(json: &str) -> Scene {
        Scene::build(load_str(json).unwrap_or_default())
    }

    #[test]
    fn nodes_are_ordered_by_degree_then_index_as_a_comparison_sort_orders_them() {
        let graph = KnowledgeGraph::from_document(crate::generate::generate(3000, 3, 7));
        let s = Scene::from_graph(graph, Vec::new(), crate::formats::Format::NodeLink);
        let mut sorted: Vec<NodeId> = s.graph.node_ids().collect();
        sorted.sort_by(|a, b| s.graph.degree(*b).cmp(&s.graph.degree(*a)).then(a.cmp(b)));
        assert_eq!(s.by_importance, sorted);
        assert!(s.graph.degree(s.by_importance[0]) > s.graph.degree(s.by_importance[2999]));
    }

    #[test]
    fn a_small_graph_is_laid_out_with_hubs_first() {
        let s = scene(
            r#"{"nodes":[{"id":"a","type":"person","label":"甲"},{"id":"b","type":"organization","label":"乙"},{"id":"c","type":"event","label":"丙"}],
                "edges":[{"source":"a","target":"b","type":"member_of"},{"source":"a","target":"c","type":"attended"}]}"#,
        );
        assert!(s.positions.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        assert_eq!(s.importance, vec![2.0, 1.0, 1.0]);
        let b = s.bounds().unwrap_or(Bounds { min: [0.0; 2], max: [0.0; 2] });
        assert!(b.size()[0] > 2.0 * NODE_RADIUS);
    }

    #[test]
    fn a_scene_and_its_presentation_built_in_steps_equal_those_built_at_once() {
        let json = r#"{"nodes":[{"id":"a","type":"person"},{"id":"b","type":"organization"},{"id":"c","type":"person"}],
                "edges":[{"source":"a","target":"b","type":"member_of"},{"source":"b","target":"a","type":"employs"},
                         {"source":"a","target":"b","type":"knows"},{"source":"c","target":"b","type":"member_of"}]}"#;
        let whole = scene(json);
        let mut report = load_str(json).unwrap_or_default();
        let (format, problems) = (report.format, std::mem::take(&mut report.problems));
        let stepped = Scene::from_graph(KnowledgeGraph::from_report(report), problems, format);
        assert_eq!((stepped.positions.clone(), stepped.importance.clone(), stepped.by_importance.clone()), (whole.positions.clone(), whole.importance.clone(), whole.by_importance.clone()));
        stepped.adopt_presentation_steps(Presentation::in_steps(&stepped.graph, false));
        // Three parallel edges between a and b: their lanes are set by the second step, on the
        // first call for the default presentation.
        let lanes = |p: &Presentation| -> Vec<i32> { p.edges.iter().filter(|e| e.source.index() + e.target.index() == 1).map(|e| e.lane).collect() };
        let before = stepped.presentation_without_lanes().map(|p| (lanes(&p), p.edges.len(), p.node_visible.clone()));
        assert_eq!(before, Some((vec![0, 0, 0], 4, vec![true; 3])));
        let made = stepped.default_presentation();
        assert_eq!(lanes(&made).len(), 3);
        assert!(lanes(&made).iter().all(|&l| l != 0), "{:?}", lanes(&made));
        assert_eq!(*made, *whole.default_presentation());
        assert!(stepped.presentation_without_lanes().is_none(), "once made, the whole one is given");
    }

    #[test]
    fn the_default_presentation_is_made_anew_while_its_first_step_is_lent_out() {
        let s = scene(r#"{"nodes":[{"id":"a"},{"id":"b"}],"edges":[{"source":"a","target":"b"},{"source":"b","target":"a"}]}"#);
        let fresh = scene(r#"{"nodes":[{"id":"a"},{"id":"b"}],"edges":[{"source":"a","target":"b"},{"source":"b","target":"a"}]}"#);
        s.adopt_presentation_steps(Presentation::in_steps(&s.graph, false));
        let lent = s.presentation_without_lanes();
        assert_eq!(*s.default_presentation(), *fresh.default_presentation());
        assert!(lent.is_some());
        drop(lent);
        assert!(s.presentation_without_lanes().is_none(), "once made, the whole one is given");
    }

    #[test]
    fn an_empty_graph_is_a_scene_too() {
        let s = scene(r#"{"nodes":[],"edges":[]}"#);
        assert!(s.bounds().is_none());
        assert!(Camera::fit(s.bounds(), [800.0, 600.0], 40.0).zoom.is_finite());
    }
}
