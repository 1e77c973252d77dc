# genserver_cast: N GenServer.cast to a counter server, then one call, as beampy's
# genserver_cast.py: a client process times the N casts and the call(:get) whose reply comes
# after every cast was handled; the count must be N. Per cast.
Code.require_file("genserver_common.exs", __DIR__)

defmodule GenserverCast do
  alias Bench.Common

  def casts(0, _srv), do: :ok

  def casts(n, srv) do
    GenServer.cast(srv, :inc)
    casts(n - 1, srv)
  end

  def client(srv, n, driver) do
    t0 = Common.now()
    casts(n, srv)
    count = GenServer.call(srv, :get)
    t1 = Common.now()
    send(driver, {:done, t1 - t0, count})
  end

  def run(%{impl: impl, n: n}) do
    {:ok, srv} = GenServer.start_link(GenserverCommon.Counter, 0)
    Common.check(GenServer.call(srv, :get) == 0, "the counter did not start at 0")
    spawn(__MODULE__, :client, [srv, n, self()])

    receive do
      {:done, ns, count} ->
        Common.emit("genserver_cast", impl, "cast", n, ns / 1.0e9)
        Common.check(count == n, "the server counted #{count} casts, not #{n}")
    end
  end
end

GenserverCast.run(Bench.Common.args())
