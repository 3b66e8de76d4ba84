#![no_std]
//! edgeauth core (work in progress).
