//! The milestone system (lifecycle-and-stats.md §1). This increment holds the pure rules provisioning needs;
//! the configuration operations arrive with the lifecycle issue.

pub mod rules;
