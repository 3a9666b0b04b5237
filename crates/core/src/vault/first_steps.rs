//! The interviewer's first day as a checklist: which of the six steps of the delivery loop
//! this laptop has done, read from what the vault already holds (nothing extra is stored,
//! nothing is written outside the vault).

use serde::Serialize;

use super::{Role, Vault, VaultError};
use crate::domain::Lifecycle;
use crate::store::Reads;

/// One step of the loop, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Step {
    /// Headquarters' trust card added (and this laptop's card given to headquarters).
    ExchangeCards,
    /// An interview taken (typed in).
    TakeInterview,
    Seal,
    Export,
    BringBackReceipt,
    Wipe,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::ExchangeCards,
        Step::TakeInterview,
        Step::Seal,
        Step::Export,
        Step::BringBackReceipt,
        Step::Wipe,
    ];
}

/// Which steps are done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FirstSteps {
    pub done: Vec<Step>,
}

impl FirstSteps {
    pub fn is_done(&self, step: Step) -> bool {
        self.done.contains(&step)
    }

    pub fn all_done(&self) -> bool {
        Step::ALL.iter().all(|s| self.is_done(*s))
    }
}

impl Vault {
    /// A field laptop's progress through the loop; empty at headquarters.
    pub fn first_steps(&self) -> Result<FirstSteps, VaultError> {
        let mut done = Vec::new();
        if self.role != Role::Field {
            return Ok(FirstSteps { done });
        }
        // One query for the states, one for the trust list, one for the bundle count.
        let counts = self.store.count_by_state()?;
        let any = |states: &[Lifecycle]| counts.iter().any(|(s, n)| *n > 0 && states.contains(s));
        use Lifecycle::*;
        let checks = [
            (Step::ExchangeCards, !self.active_trusted()?.is_empty()),
            (Step::TakeInterview, self.store.interview_count()? > 0),
            (Step::Seal, any(&[Sealed, Exported, Delivered, Wiped])),
            (
                Step::Export,
                self.store.last_sequence(&self.fingerprint_hex()?)? > 0,
            ),
            (Step::BringBackReceipt, any(&[Delivered, Wiped])),
            (Step::Wipe, any(&[Wiped])),
        ];
        done.extend(checks.iter().filter(|(_, ok)| *ok).map(|(s, _)| *s));
        Ok(FirstSteps { done })
    }
}
