"""Domain services over the store: travel and finance (they may use the store; the pure cores may not)."""
