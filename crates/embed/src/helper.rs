//! A persistent helper thread for fork-join inside one forward pass.
//!
//! A short sentence gives each half of a split only a few hundred microseconds of work, so the
//! cost of handing a job over matters. The helper spins for a short while after each job
//! before it parks, so back-to-back joins of one pass reach it at once. The caller runs the
//! first closure itself and takes the second one back if the helper has not started it yet
//! (for example because the other core is busy), so a join never waits for a thread that is
//! not running. A join issued while another is in flight, or from the helper itself, runs both
//! closures in turn on the calling thread.

use std::any::Any;
use std::cell::{Cell, UnsafeCell};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering::*};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const IDLE: u8 = 0;
const POSTED: u8 = 1;
const RUNNING: u8 = 2;
const DONE: u8 = 3;
const STOP: u8 = 4;

/// How long the helper spins for new work after a job before it parks.
const SPIN: Duration = Duration::from_micros(50);

thread_local! {
    static ON_HELPER: Cell<bool> = const { Cell::new(false) };
}

/// A posted job: a type-erased pointer to the caller's `Option<B>` and the function that
/// takes it out and runs it.
#[derive(Clone, Copy)]
struct Job {
    call: unsafe fn(*mut ()),
    data: *mut (),
}

struct Shared {
    state: AtomicU8,
    /// Written by the joiner that owns `busy` while `state` is IDLE; read by whoever moves
    /// `state` from POSTED to RUNNING.
    job: UnsafeCell<Option<Job>>,
    busy: AtomicBool,
    sleeping: AtomicBool,
    panic: Mutex<Option<Box<dyn Any + Send>>>,
    lock: Mutex<()>,
    wake: Condvar,
}

// SAFETY: `job` is only accessed under the state protocol described on the field.
unsafe impl Sync for Shared {}
// SAFETY: the raw pointers in `job` point at data that outlives the join that posted them.
unsafe impl Send for Shared {}

/// The helper thread.
pub struct Helper {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Helper {
    /// Starts the thread.
    pub fn new() -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            state: AtomicU8::new(IDLE),
            job: UnsafeCell::new(None),
            busy: AtomicBool::new(false),
            sleeping: AtomicBool::new(false),
            panic: Mutex::new(None),
            lock: Mutex::new(()),
            wake: Condvar::new(),
        });
        let s = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("narrascope-embed".into())
            .spawn(move || worker(&s))?;
        Ok(Helper {
            shared,
            thread: Some(thread),
        })
    }

    /// Runs `a` and `b`, `b` on the helper thread when it is free and picks it up in time.
    pub fn join<A: FnOnce() + Send, B: FnOnce() + Send>(&self, a: A, b: B) {
        let s = &*self.shared;
        if ON_HELPER.with(Cell::get) || s.busy.swap(true, Acquire) {
            a();
            b();
            return;
        }
        let mut slot = Some(b);
        // SAFETY: we own `busy`, so nobody else touches `job`; state is IDLE here.
        unsafe {
            *s.job.get() = Some(Job {
                call: run_slot::<B>,
                data: (&raw mut slot).cast(),
            });
        }
        s.state.store(POSTED, SeqCst);
        if s.sleeping.load(SeqCst) {
            let _g = s.lock.lock();
            s.wake.notify_one();
        }
        let first = catch_unwind(AssertUnwindSafe(a));
        if s.state
            .compare_exchange(POSTED, RUNNING, AcqRel, Acquire)
            .is_ok()
        {
            // Not picked up: run it here. `slot` is still ours.
            if let Some(b) = slot.take() {
                let second = catch_unwind(AssertUnwindSafe(b));
                if let Err(p) = second {
                    store_panic(s, p);
                }
            }
        } else {
            let mut spins = 0u32;
            while s.state.load(Acquire) != DONE {
                spins += 1;
                if spins < 4096 {
                    std::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
            }
        }
        s.state.store(IDLE, Release);
        let helper_panic = s.panic.lock().ok().and_then(|mut p| p.take());
        s.busy.store(false, Release);
        if let Err(p) = first {
            resume_unwind(p);
        }
        if let Some(p) = helper_panic {
            resume_unwind(p);
        }
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        let s = &*self.shared;
        s.state.store(STOP, SeqCst);
        {
            let _g = s.lock.lock();
            s.wake.notify_one();
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Takes the closure out of the caller's `Option<B>` and runs it.
///
/// # Safety
/// `data` points at a live `Option<B>` that no one else accesses meanwhile.
unsafe fn run_slot<B: FnOnce()>(data: *mut ()) {
    // SAFETY: forwarded contract.
    let slot = unsafe { &mut *data.cast::<Option<B>>() };
    if let Some(b) = slot.take() {
        b();
    }
}

fn store_panic(s: &Shared, p: Box<dyn Any + Send>) {
    if let Ok(mut slot) = s.panic.lock() {
        slot.get_or_insert(p);
    }
}

fn worker(s: &Shared) {
    ON_HELPER.with(|h| h.set(true));
    loop {
        let mut last = Instant::now();
        let mut n = 0u32;
        loop {
            match s.state.load(Acquire) {
                STOP => return,
                POSTED
                    if s.state
                        .compare_exchange(POSTED, RUNNING, AcqRel, Acquire)
                        .is_ok() =>
                {
                    // SAFETY: moving POSTED -> RUNNING gives us the job; the joiner waits for
                    // DONE before its stack frame (holding the closure) goes away.
                    if let Some(job) = unsafe { *s.job.get() } {
                        let r = catch_unwind(AssertUnwindSafe(|| unsafe { (job.call)(job.data) }));
                        if let Err(p) = r {
                            store_panic(s, p);
                        }
                    }
                    s.state.store(DONE, Release);
                    last = Instant::now();
                }
                _ => {}
            }
            std::hint::spin_loop();
            n = n.wrapping_add(1);
            if n.is_multiple_of(64) && last.elapsed() > SPIN {
                break;
            }
        }
        let Ok(mut g) = s.lock.lock() else { return };
        s.sleeping.store(true, SeqCst);
        while !matches!(s.state.load(SeqCst), POSTED | STOP) {
            g = match s.wake.wait(g) {
                Ok(g) => g,
                Err(_) => return,
            };
        }
        s.sleeping.store(false, SeqCst);
    }
}

/// How the forward pass runs two independent pieces of work.
#[derive(Clone, Copy)]
pub enum Par<'a> {
    /// One after the other on the calling thread.
    Serial,
    /// Shared with the helper thread.
    Two(&'a Helper),
}

impl Par<'_> {
    /// Runs `a` and `b`.
    pub fn join(self, a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
        match self {
            Par::Serial => {
                a();
                b();
            }
            Par::Two(h) => h.join(a, b),
        }
    }

    /// Whether work is shared.
    pub fn is_two(self) -> bool {
        matches!(self, Par::Two(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn runs_both_sides_many_times() {
        let h = Helper::new().unwrap();
        let n = AtomicUsize::new(0);
        for i in 0..2000 {
            let (mut x, mut y) = (0usize, 0usize);
            h.join(|| x = i, || y = i + 1);
            assert_eq!((x, y), (i, i + 1));
            n.fetch_add(1, Relaxed);
            if i % 500 == 0 {
                std::thread::sleep(Duration::from_millis(1)); // let the helper park
            }
        }
        // Nested joins (also from the helper itself) run inline.
        let v: [AtomicUsize; 4] = Default::default();
        h.join(
            || h.join(|| v[0].store(1, Relaxed), || v[1].store(2, Relaxed)),
            || h.join(|| v[2].store(3, Relaxed), || v[3].store(4, Relaxed)),
        );
        assert_eq!(v.map(|x| x.into_inner()), [1, 2, 3, 4]);
        assert_eq!(n.into_inner(), 2000);
    }

    #[test]
    fn panics_reach_the_caller_and_the_helper_survives() {
        let h = Helper::new().unwrap();
        let r = catch_unwind(AssertUnwindSafe(|| h.join(|| (), || panic!("boom"))));
        assert!(r.is_err());
        let mut x = 0;
        h.join(|| (), || x = 7);
        assert_eq!(x, 7);
    }
}
