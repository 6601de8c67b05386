//! One module per kind of page.

pub(crate) mod home;
pub(crate) mod not_found;
pub(crate) mod note;
mod note_parts;
pub(crate) mod widget;
