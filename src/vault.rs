//! The façade both front ends use.
