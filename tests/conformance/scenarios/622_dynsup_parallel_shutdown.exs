# 622 dynsup_parallel_shutdown
# Rule: a DynamicSupervisor stops its children all at once (not one after the
#       other): three children that ignore the :shutdown signal, each with a 300 ms
#       shutdown, are all killed about 300 ms after the stop began; a brutal_kill
#       child is killed at once; the stop returns :ok.
# Trace: down reasons (sorted), stop :ok, took >= 300 and < 800 ms
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf622 do
  def child(main, id, shutdown) do
    fun = fn ->
      Process.flag(:trap_exit, true)
      send(main, {:child, id, self()})
      Process.sleep(:infinity)
    end

    %{id: id, start: {Task, :start_link, [fun]}, shutdown: shutdown}
  end

  def run do
    main = self()
    {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)

    for {id, shutdown} <- [{:s1, 300}, {:s2, 300}, {:s3, 300}, {:brutal, :brutal_kill}] do
      {:ok, _} = DynamicSupervisor.start_child(sup, child(main, id, shutdown))

      receive do
        {:child, ^id, pid} -> T.name(pid, id); Process.monitor(pid)
      end
    end

    t0 = System.monotonic_time(:millisecond)
    T.p("stop", DynamicSupervisor.stop(sup))
    elapsed = System.monotonic_time(:millisecond) - t0

    downs =
      for _ <- 1..4 do
        receive do
          {:DOWN, _, :process, pid, reason} -> {pid, reason}
        end
      end

    T.p("downs", Enum.sort_by(downs, fn {pid, _} -> inspect(T.normalise(pid)) end))
    T.p("took_at_least_300ms", elapsed >= 300)
    T.p("took_less_than_800ms", elapsed < 800)
  end
end

T.start()
Conf622.run()
T.done()
