#![no_std]
//! edgeauth core (work in progress).

pub mod cookie;
pub mod session;
