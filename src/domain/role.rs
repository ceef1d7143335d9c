//! Who may do what: residents, volunteers, admins.

use serde::{Deserialize, Serialize};

/// A user's role. Roles are ordered: an admin can do everything a volunteer can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Resident,
    Volunteer,
    Admin,
}

impl Role {
    /// Whether this role includes the rights of `required`.
    pub fn allows(self, required: Self) -> bool {
        self >= required
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Volunteer => "volunteer",
            Self::Admin => "admin",
        }
    }
}

/// What a one-time invite grants: the volunteer role, the editor role, or the organiser role
/// for one district (a person can hold several).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    Volunteer,
    Editor,
    /// Organises events of the district the invite names.
    Organiser,
}

impl Grant {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Volunteer => "volunteer",
            Self::Editor => "editor",
            Self::Organiser => "organiser",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = super::UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "resident" => Ok(Self::Resident),
            "volunteer" => Ok(Self::Volunteer),
            "admin" => Ok(Self::Admin),
            _ => Err(super::UnknownValue::new("role", s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_includes_volunteer_but_not_the_reverse() {
        assert!(Role::Admin.allows(Role::Volunteer));
        assert!(Role::Volunteer.allows(Role::Resident));
        assert!(!Role::Volunteer.allows(Role::Admin));
        assert!(!Role::Resident.allows(Role::Volunteer));
    }
}
