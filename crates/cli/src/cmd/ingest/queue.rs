//! Documents on their way to the store. With one thread each document is analysed as it is
//! read; with more, a batch of read documents is analysed on worker threads while the
//! calling thread stores the batch analysed before it. Either way documents reach the store
//! in input order, in the same batches, so the corpus (ids, duplicates, sources) does not
//! depend on the number of threads.

use narrascope_core::{Analysis, Pipeline, RawDocument};

/// An analysed document, or the message of its failure (naming the input).
pub(super) type Analysed = Result<Analysis, String>;

/// Stores one batch of analysed documents, in order.
pub(super) type StoreFn<'a> = dyn FnMut(Vec<Analysed>) -> anyhow::Result<()> + 'a;

pub(super) struct Queue<'p> {
    pipeline: &'p Pipeline,
    threads: usize,
    batch: usize,
    /// Read, not analysed yet (with more than one thread).
    raw: Vec<RawDocument>,
    /// Analysed, not stored yet.
    analysed: Vec<Analysed>,
}

impl<'p> Queue<'p> {
    pub(super) fn new(pipeline: &'p Pipeline, threads: usize, batch: usize) -> Self {
        Queue {
            pipeline,
            threads: threads.max(1),
            batch: batch.max(1),
            raw: Vec::new(),
            analysed: Vec::new(),
        }
    }

    /// Takes one read document; stores a batch when one is complete.
    pub(super) fn push(&mut self, raw: RawDocument, store: &mut StoreFn<'_>) -> anyhow::Result<()> {
        if self.threads == 1 {
            self.analysed.push(analyse(self.pipeline, raw));
            if self.analysed.len() >= self.batch {
                return store(std::mem::take(&mut self.analysed));
            }
            return Ok(());
        }
        self.raw.push(raw);
        if self.raw.len() >= self.batch {
            return self.step(store);
        }
        Ok(())
    }

    /// Analyses and stores everything still queued.
    pub(super) fn finish(&mut self, store: &mut StoreFn<'_>) -> anyhow::Result<()> {
        if !self.raw.is_empty() {
            self.step(store)?;
        }
        store(std::mem::take(&mut self.analysed))
    }

    /// Analyses the read batch on the workers while this thread stores the previous one.
    fn step(&mut self, store: &mut StoreFn<'_>) -> anyhow::Result<()> {
        let raw = std::mem::take(&mut self.raw);
        let previous = std::mem::take(&mut self.analysed);
        let (done, stored) = analyse_while(self.pipeline, self.threads, raw, || store(previous));
        self.analysed = done;
        stored
    }
}

fn analyse(pipeline: &Pipeline, raw: RawDocument) -> Analysed {
    let name = raw.source.to_string();
    let mut a = Analysis::new(raw);
    match pipeline.run(&mut a) {
        Ok(()) => Ok(a),
        Err(e) => Err(format!("{name}: {e}")),
    }
}

/// Analyses `raw` in `threads` contiguous parts on as many threads while `meanwhile` runs
/// on this one; the results keep the input order.
fn analyse_while<T>(
    pipeline: &Pipeline,
    threads: usize,
    mut raw: Vec<RawDocument>,
    meanwhile: impl FnOnce() -> T,
) -> (Vec<Analysed>, T) {
    let part = raw.len().div_ceil(threads).max(1);
    let mut parts = Vec::with_capacity(threads);
    while !raw.is_empty() {
        let rest = raw.split_off(part.min(raw.len()));
        parts.push(std::mem::replace(&mut raw, rest));
    }
    std::thread::scope(|s| {
        let workers: Vec<_> = parts
            .into_iter()
            .map(|p| s.spawn(move || p.into_iter().map(|r| analyse(pipeline, r)).collect()))
            .collect();
        let out = meanwhile();
        let mut done: Vec<Analysed> = Vec::new();
        for w in workers {
            match w.join() {
                Ok(v) => done.extend::<Vec<Analysed>>(v),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        (done, out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::{Format, Metadata, SourceRef};

    fn raw(i: usize) -> RawDocument {
        RawDocument {
            source: SourceRef {
                path: format!("d{i}.txt"),
                locator: None,
                format: Format::Text,
            },
            text: format!("Document {i}. It says something about item {i}."),
            meta: Metadata::default(),
        }
    }

    /// Fails on documents whose number ends in 5.
    struct FailOnFive;

    impl narrascope_core::Stage for FailOnFive {
        fn name(&self) -> &'static str {
            "fail_on_five"
        }
        fn run(&self, a: &mut Analysis) -> Result<(), narrascope_core::StageError> {
            match a.doc.text.contains("5.") {
                true => Err(narrascope_core::StageError::new("fail_on_five", "five")),
                false => Ok(()),
            }
        }
    }

    /// The batches each number of threads hands to the store, as (text or error) lists.
    fn batches(threads: usize, n: usize) -> Vec<Vec<Result<String, String>>> {
        let pipeline = narrascope_analyze::foundation_pipeline().with(FailOnFive);
        let mut q = Queue::new(&pipeline, threads, 4);
        let mut out = Vec::new();
        let mut store = |b: Vec<Analysed>| {
            if !b.is_empty() {
                out.push(b.into_iter().map(|r| r.map(|a| a.doc.text)).collect());
            }
            Ok(())
        };
        for i in 0..n {
            q.push(raw(i), &mut store).unwrap();
        }
        q.finish(&mut store).unwrap();
        out
    }

    #[test]
    fn any_number_of_threads_stores_the_same_batches_in_order() {
        let one = batches(1, 11);
        assert_eq!(one.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 3]);
        assert_eq!(
            one[0][1].as_deref(),
            Ok("Document 1. It says something about item 1.")
        );
        assert_eq!(
            one[1][1],
            Err("d5.txt: stage fail_on_five: five".to_string())
        );
        for threads in [2, 3, 8] {
            assert_eq!(batches(threads, 11), one, "{threads} threads");
        }
        assert!(batches(2, 0).is_empty());
    }
}
