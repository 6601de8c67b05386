//! Undo: the states a widget can step back to.

/// The previous states of a widget, newest last, at most `limit` of them (the oldest are
/// dropped first). Push the state before each change; [`History::back`] returns it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct History<T> {
    past: Vec<T>,
    limit: usize,
}

impl<T> History<T> {
    /// An empty history keeping at most `limit` states (at least one).
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            past: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Remembers `state`, the one before a change.
    pub(crate) fn push(&mut self, state: T) {
        if self.past.len() == self.limit {
            self.past.remove(0);
        }
        self.past.push(state);
    }

    /// The state before the last change, removed from the history; `None` when there is
    /// nothing to step back to.
    pub(crate) fn back(&mut self) -> Option<T> {
        self.past.pop()
    }

    /// Whether there is a state to step back to.
    pub(crate) fn can_go_back(&self) -> bool {
        !self.past.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::History;

    #[test]
    fn steps_back_newest_first_and_drops_the_oldest_past_the_limit() {
        let mut h = History::new(2);
        assert!(!h.can_go_back());
        assert_eq!(h.back(), None);
        h.push(1);
        h.push(2);
        h.push(3);
        assert_eq!(h.past.len(), 2);
        assert_eq!(h.back(), Some(3));
        assert_eq!(h.back(), Some(2));
        assert_eq!(h.back(), None);
        assert_eq!(History::<u8>::new(0).limit, 1);
    }
}
