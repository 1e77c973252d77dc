# genserver_call_queued: GenServer calls from a caller holding --queued unrelated messages, as
# beampy's genserver_call_queued.py: two clients of one counter server, `empty` and `queued`
# (which sent itself --queued {:junk, i} first; they stay in its mailbox, checked at the end),
# N calls from each in four segments of N/2 (empty, queued, queued, empty), each segment timed
# by its client; per call.
Code.require_file("genserver_common.exs", __DIR__)

defmodule GenserverCallQueued do
  alias Bench.Common

  def run(%{impl: impl, n: n, queued: queued}) do
    {:ok, srv} = GenServer.start_link(GenserverCommon.Counter, 0)
    empty = GenserverCommon.start_client()
    full = GenserverCommon.start_client(queued)
    half = div(n, 2)
    {t1, _} = GenserverCommon.segment(empty, srv, half)
    {t2, _} = GenserverCommon.segment(full, srv, half)
    {t3, _} = GenserverCommon.segment(full, srv, n - half)
    {t4, _} = GenserverCommon.segment(empty, srv, n - half)
    {:message_queue_len, left} = Process.info(full, :message_queue_len)
    Enum.each([empty, full], &send(&1, :stop))
    Common.emit("genserver_call_queued", impl, "empty", n, (t1 + t4) / 1.0e9, queued: 0)

    Common.emit("genserver_call_queued", impl, "queued", n, (t2 + t3) / 1.0e9,
      queued: queued,
      ratio_to_empty: (t2 + t3) / (t1 + t4)
    )

    Common.check(left == queued, "the queued client has #{left} messages left, not #{queued}")
    Common.check(GenServer.call(srv, :get) == 2 * n, "the counter is not 2n")
  end
end

GenserverCallQueued.run(Bench.Common.args())
