"""httpx peer: httpx.AsyncClient on trio with a CapacityLimiter (io_fanout)."""
