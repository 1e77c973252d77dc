# ring: a token (an integer hop count) passed N hops around a ring of --procs processes.
Code.require_file("common.exs", __DIR__)

defmodule Ring do
  alias Bench.Common

  def node(driver) do
    receive do
      {:next, nxt} -> loop(nxt, driver)
    end
  end

  def loop(nxt, driver) do
    receive do
      k when is_integer(k) and k > 0 ->
        send(nxt, k - 1)
        loop(nxt, driver)

      0 ->
        send(driver, :done)
        loop(nxt, driver)

      -1 ->
        :ok
    end
  end

  def run(%{impl: impl, n: hops, procs: procs}) do
    driver = self()
    pids = for _ <- 1..procs, do: spawn(__MODULE__, :node, [driver])
    [first | rest] = pids
    Enum.zip(pids, rest ++ [first]) |> Enum.each(fn {p, nxt} -> send(p, {:next, nxt}) end)
    t0 = Common.now()
    send(first, hops)

    receive do
      :done -> :ok
    end

    t1 = Common.now()
    Enum.each(pids, &send(&1, -1))
    Common.emit("ring", impl, "hop", hops, Common.seconds(t0, t1), procs: procs)
  end
end

Ring.run(Bench.Common.args())
