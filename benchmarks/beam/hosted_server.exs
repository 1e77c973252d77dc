# hosted_server, the reference: round trips to a plain server, as beampy's hosted_server.py
# times them (the BEAM has no trio, so only the `plain` server). A client process does N round
# trips in four segments of N/2, the first and last of which go to one server and the middle two
# to a second one, as beampy's plain/touched/touched/plain; `plain` is the sum of the first and
# last segments; time per round trip.
Code.require_file("common.exs", __DIR__)

defmodule HostedServer do
  alias Bench.Common

  def server do
    receive do
      {:ping, from} ->
        send(from, :pong)
        server()

      :stop ->
        :ok
    end
  end

  def client(driver) do
    receive do
      {:go, srv, n} ->
        send(driver, {:done, calls(n, srv, 0)})
        client(driver)

      :stop ->
        :ok
    end
  end

  def calls(0, _srv, pongs), do: pongs

  def calls(n, srv, pongs) do
    send(srv, {:ping, self()})

    receive do
      :pong -> calls(n - 1, srv, pongs + 1)
    end
  end

  def segment(cli, srv, n) do
    t0 = Common.now()
    send(cli, {:go, srv, n})

    receive do
      {:done, pongs} -> {Common.now() - t0, pongs}
    end
  end

  def start_server do
    pid = spawn(__MODULE__, :server, [])
    send(pid, {:ping, self()})

    receive do
      :pong -> pid
    end
  end

  def run(%{impl: impl, n: n}) do
    a = start_server()
    b = start_server()
    cli = spawn(__MODULE__, :client, [self()])
    half = div(n, 2)
    {t1, p1} = segment(cli, a, half)
    {_, _} = segment(cli, b, half)
    {_, _} = segment(cli, b, n - half)
    {t4, p4} = segment(cli, a, n - half)
    Enum.each([cli, a, b], &send(&1, :stop))
    Common.emit("hosted_server", impl, "plain", n, (t1 + t4) / 1.0e9)
    Common.check(p1 + p4 == n, "#{p1 + p4} of #{n} replies were :pong")
  end
end

HostedServer.run(Bench.Common.args())
