//! Rendering benchmarks (filled in with the render pipeline).

fn main() {}
