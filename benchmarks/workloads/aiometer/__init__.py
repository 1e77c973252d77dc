"""aiometer peer: aiometer.run_all / amap with max_at_once, on asyncio (anyio)."""
