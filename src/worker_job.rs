//! Starts the page's web workers and talks to them, one way for all three (the layout, the
//! measures and arrangements, the reader of other formats): a worker says `ready` once its
//! module has loaded (what is sent before is lost), then gets its request; its other messages
//! go to the caller. A worker takes ~200 ms to start on the seed, so [`prepare`] can start one
//! ahead of a computation, when the person shows an intent (the pointer or the focus on the
//! toolbar); the next job for the same script takes it.

use js_sys::Reflect;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

/// The `type` field of a worker's message.
pub fn message_type(data: &JsValue) -> Option<String> {
    Reflect::get(data, &"type".into()).ok().and_then(|t| t.as_string())
}

/// A worker at work on a request; dropping the job stops the worker.
pub struct Job {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// What the caller hears of a worker's failure.
type OnError = Rc<RefCell<Box<dyn FnMut(String)>>>;

impl Job {
    /// Starts the worker script at `url` (the worker [`prepare`] started for it, or a new one)
    /// and sends it `request` once it is ready.
    ///
    /// # Arguments
    /// * `on_message` gets the data of each of the worker's messages but `ready`.
    /// * `on_error` gets why the worker failed: it could not start (its script or module did not
    ///   load), stopped with an error, or could not be sent the request.
    ///
    /// # Returns
    /// The job, or why no worker could be made (a page whose policy forbids workers, say).
    pub fn start(url: &str, request: JsValue, on_message: impl FnMut(JsValue) + 'static, on_error: impl FnMut(String) + 'static) -> Result<Job, String> {
        // The handlers boxed at once: one copy of the rest for every caller.
        Job::start_boxed(url, request, Box::new(on_message), Rc::new(RefCell::new(Box::new(on_error))))
    }

    fn start_boxed(url: &str, request: JsValue, mut on_message: Box<dyn FnMut(JsValue)>, on_error: OnError) -> Result<Job, String> {
        let (worker, ready) = match take_spare(url) {
            Some(taken) => taken,
            None => (Worker::new(url).map_err(|e| format!("{e:?}"))?, false),
        };
        // The request is let go once sent (a layout's positions and edges, say).
        let request = Rc::new(RefCell::new(Some(request)));
        let (sender, waiting, failed) = (worker.clone(), request.clone(), on_error.clone());
        let message_handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if message_type(&data).as_deref() == Some("ready") {
                send(&sender, &waiting, &failed);
            } else {
                on_message(data);
            }
        });
        worker.set_onmessage(Some(message_handler.as_ref().unchecked_ref()));
        let broke = on_error.clone();
        let error_handler = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            (broke.borrow_mut())("could not start, or stopped with an error".to_string());
        });
        worker.set_onerror(Some(error_handler.as_ref().unchecked_ref()));
        // A worker started ahead that has already said `ready` takes the request now (one that
        // has not yet will say it to the handler above).
        if ready {
            send(&worker, &request, &on_error);
        }
        Ok(Job { worker, _on_message: message_handler, _on_error: error_handler })
    }

    /// Sends the worker a message (a pause, a pinned node); a failure is not reported.
    pub fn post(&self, message: &JsValue) {
        let _ = self.worker.post_message(message);
    }
}

/// Sends the request (once), or says why it could not be sent.
fn send(worker: &Worker, request: &RefCell<Option<JsValue>>, on_error: &OnError) {
    let Some(request) = request.borrow_mut().take() else { return };
    if let Err(e) = worker.post_message(&request) {
        (on_error.borrow_mut())(format!("could not be sent the request ({e:?})"));
    }
}

/// A worker started ahead of a job, kept until [`Job::start`] takes it.
struct Spare {
    url: String,
    worker: Worker,
    /// Its module has loaded (it said `ready`).
    ready: Rc<Cell<bool>>,
    /// It could not start.
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

thread_local! {
    static SPARE: RefCell<Option<Spare>> = const { RefCell::new(None) };
}

/// Starts a worker from `url` for the next job, unless one is already waiting: cheap to call on
/// every sign of intent. A worker that cannot start is not reported here; the job asked for next
/// reports it.
pub fn prepare(url: &str) {
    SPARE.with(|spare| {
        let mut spare = spare.borrow_mut();
        if spare.as_ref().is_some_and(|s| s.url == url && !s.failed.get()) {
            return;
        }
        if let Some(old) = spare.take() {
            old.worker.terminate();
        }
        let Ok(worker) = Worker::new(url) else { return };
        let (ready, failed) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));
        let said = ready.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if message_type(&event.data()).as_deref() == Some("ready") {
                said.set(true);
            }
        });
        let broke = failed.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| broke.set(true));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *spare = Some(Spare { url: url.to_string(), worker, ready, failed, _on_message: on_message, _on_error: on_error });
    });
}

/// The worker [`prepare`] started from `url`, and whether it is ready; `None` when there is none
/// for that script (one for another script stays) or it failed (it is then stopped). Its
/// handlers go with it: the caller sets its own before the page's next task.
fn take_spare(url: &str) -> Option<(Worker, bool)> {
    let spare = SPARE.with(|s| {
        let mut s = s.borrow_mut();
        if s.as_ref().is_some_and(|spare| spare.url == url) { s.take() } else { None }
    })?;
    if spare.failed.get() {
        spare.worker.terminate();
        return None;
    }
    Some((spare.worker.clone(), spare.ready.get()))
}
