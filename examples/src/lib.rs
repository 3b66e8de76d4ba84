//! Host-side examples for edgeauth; see the `examples/` folder of this package.
