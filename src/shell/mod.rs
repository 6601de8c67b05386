//! The parts of the frame around every page.

pub(crate) mod keys;
pub(crate) mod notices;
pub(crate) mod sidebar;
pub(crate) mod theme;
pub(crate) mod topbar;
