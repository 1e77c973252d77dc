# genserver_call: N GenServer.call round trips to a counter server, as beampy's
# genserver_call.py: handle_call(:inc, _, n) -> {:reply, n + 1, n + 1}; a client process does
# the N calls with the default 5 s timeout and times itself; the last reply must be N.
Code.require_file("genserver_common.exs", __DIR__)

defmodule GenserverCall do
  alias Bench.Common
  alias GenserverCommon.Counter

  def run(%{impl: impl, n: n}) do
    {:ok, srv} = GenServer.start_link(Counter, 0)
    Common.check(GenServer.call(srv, :get) == 0, "the counter did not start at 0")
    cli = GenserverCommon.start_client()
    {ns, last} = GenserverCommon.segment(cli, srv, n)
    send(cli, :stop)
    Common.emit("genserver_call", impl, "call", n, ns / 1.0e9)
    Common.check(last == n, "the last reply was #{inspect(last)}, not #{n}")
    Common.check(GenServer.call(srv, :get) == n, "the counter is not n")
  end
end

GenserverCall.run(Bench.Common.args())
