# genserver_call_hosted, the reference: calls to a plain counter server, as beampy's
# genserver_call_hosted.py times them (the BEAM has no trio, so only the `plain` server). One
# client does N calls in four segments of N/2, the first and last to one server and the middle
# two to a second one (the same counter module), as beampy's plain/touched/touched/plain;
# `plain` is the sum of the first and last segments; per call.
Code.require_file("genserver_common.exs", __DIR__)

defmodule GenserverCallHosted do
  alias Bench.Common

  def run(%{impl: impl, n: n}) do
    {:ok, a} = GenServer.start_link(GenserverCommon.Counter, 0)
    {:ok, b} = GenServer.start_link(GenserverCommon.Counter, 0)
    cli = GenserverCommon.start_client()
    half = div(n, 2)
    {t1, _} = GenserverCommon.segment(cli, a, half)
    {_, _} = GenserverCommon.segment(cli, b, half)
    {_, _} = GenserverCommon.segment(cli, b, n - half)
    {t4, _} = GenserverCommon.segment(cli, a, n - half)
    send(cli, :stop)
    Common.emit("genserver_call_hosted", impl, "plain", n, (t1 + t4) / 1.0e9)
    Common.check(GenServer.call(a, :get) == n, "a counter is not n")
    Common.check(GenServer.call(b, :get) == n, "a counter is not n")
  end
end

GenserverCallHosted.run(Bench.Common.args())
