"""aiohttp peer: aiohttp.ClientSession on uvloop with an asyncio.Semaphore (io_fanout)."""
