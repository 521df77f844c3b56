//! What the benches share (`mod support;` in each).

/// The middle value of `values` (the upper of the two middle ones for an
/// even count), so that one hiccup of the machine does not move a figure;
/// the default for none.
pub fn median<T: Ord + Copy + Default>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}
