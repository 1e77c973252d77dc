# 220 tasksup_stream_spawn_refused
# Checks: a Task.Supervisor stream starts each task synchronously: the consumer waits for
#         the supervisor's answer and reads nothing else meanwhile. So when the supervisor
#         refuses the next task (max_children) or is gone, a result that had already
#         finished and was waiting for the consumer is never handed over: the stream raises
#         (max_children) or the consumer exits with the supervisor's noproc.
# Expected: refused: ev {:ok, 10}, ev {:raised, RuntimeError}; gone: ev {:ok, 10}, then the
#           consumer's DOWN {:exit, :noproc}; trapping: {:stream_exit, :noproc}
Code.require_file("../support/trace.exs", __DIR__)

defmodule Scenario do
  def work(ms) do
    Process.sleep(ms)
    ms
  end

  # the consumer takes 100 ms per result, so the second result waits in its mailbox
  def consume(sup, main) do
    Task.Supervisor.async_stream_nolink(sup, [10, 20, 30, 40], &work/1,
      max_concurrency: 2,
      ordered: false
    )
    |> Enum.each(fn result ->
      T.emit(main, result)
      Process.sleep(100)
    end)

    T.emit(main, :finished)
  end

  def head({{reason, _call}, {Task.Supervised, :stream, _}}), do: {:stream_exit, reason}
  def head({reason, _call}), do: {:exit, reason}

  def run do
    main = self()
    {:ok, sup} = Task.Supervisor.start_link(max_children: 2)

    spawn(fn ->
      try do
        consume(sup, main)
      rescue
        e -> T.emit(main, {:raised, e.__struct__})
      end
    end)

    Process.sleep(50)
    # two other tasks take the supervisor's last places while the consumer is busy
    T.p("blocker", elem(Task.Supervisor.start_child(sup, fn -> Process.sleep(:infinity) end), 0))
    T.p("blocker", elem(Task.Supervisor.start_child(sup, fn -> Process.sleep(:infinity) end), 0))
    T.evs(200)

    for trap <- [false, true] do
      {:ok, sup} = Task.Supervisor.start_link()
      Process.unlink(sup)

      {_, ref} =
        spawn_monitor(fn ->
          Process.flag(:trap_exit, trap)
          consume(sup, main)
        end)

      Process.sleep(50)
      GenServer.stop(sup)
      T.evs(200)

      receive do
        {:DOWN, ^ref, _, _, reason} -> T.p("consumer_down", {trap, head(reason)})
      end
    end

    T.flush()
  end
end

T.start()
Scenario.run()
T.done()
