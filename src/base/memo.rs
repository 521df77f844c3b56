//! What the compile of a `kis-book serve` session keeps between its
//! rebuilds, so that a save recompiles only what it changed: a file's
//! front matter read, its Markdown parsed and resolved, its characters
//! checked against the fonts.
//!
//! Each result is kept by a 128-bit hash of everything it is made of (the
//! file's text, its path, and whatever of the config it reads): a result
//! whose inputs are unchanged cannot differ, so the earlier one is reused
//! (the site keeps its rendered pages in the same [`Memo`]). The
//! diagnostics a stage found on the way are kept with its result and told
//! again, in the same order, so that a save that changed nothing in a file
//! tells the same errors about it as a cold compile.
//!
//! A one-off `kis-book build` has no [`Memos`] at all: every stage runs as
//! it always did. A session that rebuilds ([`crate::report::build::Session`]) hands
//! its `Memos` to each compile through [`crate::source::input::BookInput`]; each
//! stage keeps its own kind of result in it, found by its type.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use crate::base::diagnostics::{Diagnostic, Diagnostics};

/// Results by the hash of their inputs, each with the build it was last
/// used in.
#[derive(Debug)]
pub struct Memo<V> {
    inner: Mutex<Option<Entries<V>>>,
}

#[derive(Debug)]
struct Entries<V> {
    generation: u64,
    map: HashMap<u128, (u64, V)>,
}

impl<V: Clone> Default for Memo<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: Clone> Memo<V> {
    /// An empty cache.
    pub fn new() -> Self {
        Self {
            inner: Mutex::new(None),
        }
    }

    /// The key of `inputs`.
    pub fn key<K: Hash + ?Sized>(inputs: &K) -> u128 {
        typst::utils::hash128(inputs)
    }

    /// The result for `inputs`: cached, or made by `make` and cached.
    pub fn get_or_make<K: Hash + ?Sized>(
        &self,
        inputs: &K,
        make: impl FnOnce() -> anyhow::Result<V>,
    ) -> anyhow::Result<V> {
        let key = Self::key(inputs);
        if let Some(value) = self.lookup(key) {
            return Ok(value);
        }
        let value = make()?;
        self.store(key, value.clone());
        Ok(value)
    }

    /// The result for `inputs`: cached, or made by `make` and cached.
    pub fn get_or_insert_with<K: Hash + ?Sized>(&self, inputs: &K, make: impl FnOnce() -> V) -> V {
        let key = Self::key(inputs);
        self.lookup(key).unwrap_or_else(|| {
            let value = make();
            self.store(key, value.clone());
            value
        })
    }

    /// The result for `inputs`, when it is kept.
    pub fn get<K: Hash + ?Sized>(&self, inputs: &K) -> Option<V> {
        self.lookup(Self::key(inputs))
    }

    /// The result kept under `key`, marked as used in this build.
    pub fn lookup(&self, key: u128) -> Option<V> {
        self.with(|e| {
            let generation = e.generation;
            e.map.get_mut(&key).map(|(used, value)| {
                *used = generation;
                value.clone()
            })
        })
    }

    /// Keeps `value` under `key`, replacing what was there.
    pub fn store(&self, key: u128, value: V) {
        self.with(|e| {
            let generation = e.generation;
            e.map.insert(key, (generation, value));
        });
    }

    /// Drops results unused in the last `max_age` builds and starts the
    /// next build.
    pub fn evict(&self, max_age: u64) {
        self.with(|e| {
            let oldest = e.generation.saturating_sub(max_age);
            e.map.retain(|_, (used, _)| *used >= oldest);
            e.generation += 1;
        });
    }

    /// How many results are kept.
    pub fn len(&self) -> usize {
        self.with(|e| e.map.len())
    }

    /// Whether no result is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn with<T>(&self, f: impl FnOnce(&mut Entries<V>) -> T) -> T {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        f(guard.get_or_insert_with(|| Entries {
            generation: 0,
            map: HashMap::new(),
        }))
    }
}

/// A result with the diagnostics found while it was made.
#[derive(Debug, Clone)]
pub struct Told<V> {
    /// The result.
    pub value: V,
    /// What was found, in the order it was found.
    pub found: Vec<Diagnostic>,
}

impl<V: Clone> Memo<Told<V>> {
    /// The result for `inputs`, its diagnostics added to `diags`: cached,
    /// or made by `make` (which reports into the diagnostics it is given)
    /// and cached.
    pub fn told(
        &self,
        inputs: &(impl Hash + ?Sized),
        diags: &mut Diagnostics,
        make: impl FnOnce(&mut Diagnostics) -> V,
    ) -> V {
        let told = self.get_or_insert_with(inputs, || Told::make(make));
        told.tell(diags)
    }
}

impl<V> Told<V> {
    /// Runs `make`, keeping what it reports.
    pub fn make(make: impl FnOnce(&mut Diagnostics) -> V) -> Self {
        let mut found = Diagnostics::default();
        let value = make(&mut found);
        Self {
            value,
            found: found.take(|_| true),
        }
    }

    /// Adds the diagnostics to `diags` and gives the result.
    pub fn tell(self, diags: &mut Diagnostics) -> V {
        for d in self.found {
            diags.push(d);
        }
        self.value
    }
}

/// A memo whose results can age out, whatever their type.
trait Evict: Any + Send + Sync {
    fn evict(&self, max_age: u64);
    fn as_any(self: Arc<Self>) -> Arc<dyn Any + Send + Sync>;
}

impl<V: Clone + Send + Sync + 'static> Evict for Memo<V> {
    fn evict(&self, max_age: u64) {
        Memo::evict(self, max_age);
    }

    fn as_any(self: Arc<Self>) -> Arc<dyn Any + Send + Sync> {
        self
    }
}

/// The memos of every stage of the compile, one per type of result.
#[derive(Default)]
pub struct Memos {
    memos: Mutex<HashMap<TypeId, Arc<dyn Evict>>>,
}

impl std::fmt::Debug for Memos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds = self.lock().len();
        f.debug_struct("Memos").field("kinds", &kinds).finish()
    }
}

impl Memos {
    /// The memo of results of type `V`, made empty the first time.
    pub fn of<V: Clone + Send + Sync + 'static>(&self) -> Arc<Memo<V>> {
        let memo = self
            .lock()
            .entry(TypeId::of::<V>())
            .or_insert_with(|| Arc::new(Memo::<V>::new()))
            .clone();
        memo.as_any()
            .downcast::<Memo<V>>()
            .unwrap_or_else(|_| Arc::new(Memo::new()))
    }

    /// Drops the results unused in the last `max_age` builds, in every
    /// memo, and starts the next build.
    pub fn evict(&self, max_age: u64) {
        let memos: Vec<Arc<dyn Evict>> = self.lock().values().cloned().collect();
        for memo in memos {
            memo.evict(max_age);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<TypeId, Arc<dyn Evict>>> {
        self.memos.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Inputs without `Hash` (the compile stages' types derive `Debug`, not
/// `Hash`), hashed by their `Debug` text, which for a derived `Debug`
/// names every field, so that inputs that differ in anything hash apart.
/// The text is streamed into the hasher, never kept.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ByDebug<'a, T>(pub &'a T);

impl<T: std::fmt::Debug> Hash for ByDebug<'_, T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        use std::fmt::Write as _;
        /// Feeds what is written to it into the hasher.
        struct Feed<'h, H>(&'h mut H);
        impl<H: std::hash::Hasher> std::fmt::Write for Feed<'_, H> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.write(s.as_bytes());
                Ok(())
            }
        }
        // Writing into a hasher cannot fail.
        let _ = write!(Feed(state), "{:?}", self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::{Pos, codes};
    use std::path::Path;

    #[test]
    fn a_result_is_made_once_while_it_is_used() {
        let memo = Memo::<String>::new();
        let mut made = 0;
        for _ in 0..3 {
            let html = memo
                .get_or_make("page", || {
                    made += 1;
                    Ok("<p>x</p>".to_owned())
                })
                .expect("make");
            assert_eq!(html, "<p>x</p>");
            memo.evict(3);
        }
        assert_eq!(made, 1);
        // Other inputs, another result.
        memo.get_or_make("other page", || {
            made += 1;
            Ok(String::new())
        })
        .expect("make");
        assert_eq!(made, 2);
        // Unused for more than three builds: made again.
        for _ in 0..5 {
            memo.evict(3);
        }
        memo.get_or_make("page", || {
            made += 1;
            Ok(String::new())
        })
        .expect("make");
        assert_eq!(made, 3);
    }

    #[test]
    fn a_kept_result_tells_its_diagnostics_again() {
        let memos = Memos::default();
        let mut made = 0;
        let mut run = |diags: &mut Diagnostics| {
            memos.of::<Told<u32>>().told("file", diags, |found| {
                made += 1;
                found.report(
                    codes::NO_CHAPTERS,
                    Path::new("a.md"),
                    Pos::new(3, 1),
                    "first",
                );
                found.report(
                    codes::NO_CHAPTERS,
                    Path::new("a.md"),
                    Pos::new(1, 1),
                    "second",
                );
                7
            })
        };
        let (mut cold, mut warm) = (Diagnostics::default(), Diagnostics::default());
        assert_eq!(run(&mut cold), 7);
        assert_eq!(run(&mut warm), 7);
        assert_eq!(made, 1);
        let messages = |d: &Diagnostics| {
            let mut d = d.clone();
            d.take(|_| true)
                .into_iter()
                .map(|d| d.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(messages(&warm), ["first", "second"]);
        assert_eq!(messages(&cold), messages(&warm));
        // Another type of result has a memo of its own.
        assert!(memos.of::<Told<String>>().is_empty());
        assert_eq!(memos.of::<Told<u32>>().len(), 1);
    }

    #[test]
    fn a_debug_key_tells_inputs_apart() {
        let key = |text: &str, line: usize| typst::utils::hash128(&ByDebug(&(text, line)));
        assert_eq!(key("a", 1), key("a", 1));
        assert_ne!(key("a", 1), key("a", 2));
        assert_ne!(key("a", 1), key("b", 1));
        // The text, not where the hasher was fed it in pieces.
        assert_ne!(key("a", 12), key("a1", 2));
    }
}
