"""trio peer: a nursery (and a CapacityLimiter), the structured way trio runs many tasks."""
