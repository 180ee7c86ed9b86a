//! Typed identifiers, so a clinic id can never be passed where a user id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name(pub i64);

        impl $name {
            /// An id chosen on a form: anything but a whole number is `NotAChoice` (whether
            /// the row exists, and may be chosen, is the backend's question).
            pub fn parse_choice(raw: &str) -> Result<Self, crate::ValidationCode> {
                raw.trim()
                    .parse()
                    .map(Self)
                    .map_err(|_| crate::ValidationCode::NotAChoice)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A clinic: the tenant that owns doctors, secretaries and their data.
    ClinicId
);
id_type!(
    /// Any account: patient, staff member or platform admin.
    UserId
);
