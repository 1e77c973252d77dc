# ping_pong: N round trips between two processes; time per round trip.
Code.require_file("common.exs", __DIR__)

defmodule PingPong do
  alias Bench.Common

  def pong do
    receive do
      {:ping, from} ->
        send(from, :pong)
        pong()

      :stop ->
        :ok
    end
  end

  def ping(pong, driver) do
    receive do
      {:go, n} -> ping(n, pong, driver)
    end
  end

  def ping(0, _pong, driver), do: send(driver, :done)

  def ping(n, pong, driver) do
    send(pong, {:ping, self()})

    receive do
      :pong -> ping(n - 1, pong, driver)
    end
  end

  def run(%{impl: impl, n: n}) do
    driver = self()
    pong = spawn(__MODULE__, :pong, [])
    ping = spawn(__MODULE__, :ping, [pong, driver])
    t0 = Common.now()
    send(ping, {:go, n})

    receive do
      :done -> :ok
    end

    t1 = Common.now()
    send(pong, :stop)
    Common.emit("ping_pong", impl, "round_trip", n, Common.seconds(t0, t1))
  end
end

PingPong.run(Bench.Common.args())
