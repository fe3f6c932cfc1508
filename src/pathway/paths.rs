//! The one enumerator of answer paths, used by `check`'s proof, `diff`'s comparison and
//! `explain`'s reachability: depth first, without recursion (a path may pass tens of
//! thousands of questions), and incremental (a choice moves the path on from where it
//! stands and is undone by rewinding to a mark, never by walking again from the start).

/// A walk over answer paths that [`enumerate`] drives.
pub trait PathWalk {
    /// Something to try at a fork (an answer, a branch).
    type Choice;
    /// What [`PathWalk::rewind`] needs to come back to a fork.
    type Mark: Clone;

    /// Follows the path from where it stands while it has one way on. Returns the choices at
    /// a fork, the walk standing at it; `None` when the path ends (the walk has recorded
    /// its end).
    fn advance(&mut self) -> Option<Vec<Self::Choice>>;

    /// Where the walk stands (taken at a fork, before any of its choices).
    fn mark(&self) -> Self::Mark;

    /// Back to `mark`, undoing every choice taken since.
    fn rewind(&mut self, mark: &Self::Mark);

    /// Takes `choice` at the fork the walk stands at.
    fn take(&mut self, choice: Self::Choice);

    /// Whether to stop now (a limit was reached).
    fn stopped(&self) -> bool {
        false
    }
}

/// A fork on the current path, with the choices not tried yet.
struct Fork<C, M> {
    choices: std::vec::IntoIter<C>,
    mark: M,
}

/// Tries every choice at every fork, depth first, in the order `advance` gives them. The
/// forks are kept on a stack of their own, so no input can overflow the call stack; the
/// work per step is the walk's, so the whole is linear in the paths' steps.
pub fn enumerate<W: PathWalk>(walk: &mut W) {
    let mut forks: Vec<Fork<W::Choice, W::Mark>> = Vec::new();
    loop {
        if walk.stopped() {
            return;
        }
        if let Some(choices) = walk.advance() {
            forks.push(Fork {
                choices: choices.into_iter(),
                mark: walk.mark(),
            });
        }
        loop {
            if walk.stopped() {
                return;
            }
            let Some(fork) = forks.last_mut() else {
                return;
            };
            match fork.choices.next() {
                Some(choice) => {
                    walk.rewind(&fork.mark);
                    walk.take(choice);
                    break;
                }
                None => {
                    forks.pop();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Binary strings of a given length, with a depth far beyond any call stack.
    struct Bits {
        len: usize,
        path: Vec<bool>,
        leaves: Vec<Vec<bool>>,
        steps: usize,
    }

    impl PathWalk for Bits {
        type Choice = bool;
        type Mark = usize;
        fn advance(&mut self) -> Option<Vec<bool>> {
            // One way on except every 50,000th step, which forks.
            while self.path.len() < self.len {
                self.steps += 1;
                if self.path.len().is_multiple_of(50_000) {
                    return Some(vec![false, true]);
                }
                self.path.push(false);
            }
            self.leaves.push(self.path.clone());
            None
        }
        fn mark(&self) -> usize {
            self.path.len()
        }
        fn rewind(&mut self, mark: &usize) {
            self.path.truncate(*mark);
        }
        fn take(&mut self, choice: bool) {
            self.path.push(choice);
        }
    }

    #[test]
    fn every_path_once_in_order_and_no_recursion() {
        let mut walk = Bits {
            len: 200_000,
            path: Vec::new(),
            leaves: Vec::new(),
            steps: 0,
        };
        enumerate(&mut walk);
        // Forks at 0, 50k, 100k, 150k: 16 paths.
        assert_eq!(walk.leaves.len(), 16);
        assert!(!walk.leaves[0][0] && walk.leaves[15][0]);
        assert!(walk.leaves.windows(2).all(|w| w[0] < w[1]));
        // Linear: each segment between forks walked once per way into it (2 + 4 + 8 + 16
        // segments of 50,000 steps), a shared prefix never again.
        assert!(walk.steps <= 30 * 50_000, "{}", walk.steps);
    }
}
