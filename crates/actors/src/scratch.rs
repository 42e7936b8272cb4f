//! Working memory of one linking call, kept per thread and reused by the next call: the
//! buffers of a long text take many megabytes, and fresh ones cost a page fault for every
//! 4 KiB written.

use std::cell::RefCell;

use narrascope_kb::Folded;

use crate::linker::Hit;
use crate::mention::Mention;
use crate::unlinked::Word;

/// Buffers larger than this (in bytes) are freed after a call rather than kept.
const KEEP_AT_MOST: usize = 64 << 20;

#[derive(Default)]
pub(crate) struct Scratch {
    /// The folded text, when the caller does not keep it.
    pub folded: Folded,
    /// Dictionary matches in the folded text: start, end, form.
    pub found: Vec<(usize, usize, u32)>,
    /// Dictionary hits before overlaps are resolved, and room to merge them.
    pub hits: [Vec<Hit>; 2],
    /// The words of the text.
    pub words: Vec<Word>,
    /// The spans of the linked mentions.
    pub spans: Vec<(usize, usize)>,
    /// The dictionary mentions and the unlinked ones, before they are merged into the
    /// vector returned (both left empty, with their capacity).
    pub linked: Vec<Mention>,
    pub unlinked: Vec<Mention>,
}

impl Scratch {
    fn trim(&mut self) {
        if self.folded.text.capacity() > KEEP_AT_MOST {
            self.folded = Folded::default();
        }
        if self.found.capacity() * size_of::<(usize, usize, u32)>() > KEEP_AT_MOST {
            self.found = Vec::new();
        }
        for hits in &mut self.hits {
            if hits.capacity() * size_of::<Hit>() > KEEP_AT_MOST {
                *hits = Vec::new();
            }
        }
        if self.words.capacity() * size_of::<Word>() > KEEP_AT_MOST {
            self.words = Vec::new();
        }
        if self.spans.capacity() * size_of::<(usize, usize)>() > KEEP_AT_MOST {
            self.spans = Vec::new();
        }
        for list in [&mut self.linked, &mut self.unlinked] {
            // emptied by the call that used them (not when it panicked)
            list.clear();
            if list.capacity() * size_of::<Mention>() > KEEP_AT_MOST {
                *list = Vec::new();
            }
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Runs `f` with this thread's scratch buffers (fresh ones if they are in use).
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => {
            let r = f(&mut s);
            s.trim();
            r
        }
        Err(_) => f(&mut Scratch::default()),
    })
}
