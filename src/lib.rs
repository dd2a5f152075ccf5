//! mx-nexus
