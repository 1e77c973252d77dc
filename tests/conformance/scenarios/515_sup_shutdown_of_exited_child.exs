# 515 sup_shutdown_of_exited_child
# Checks: when a supervisor shuts down a child that has already exited (its EXIT is
#         still queued behind the terminate_child call), the reason it finds decides
#         the report. brutal_kill accepts only :killed from a permanent child, and
#         :shutdown, {:shutdown, _} or :normal from a transient or temporary one; a
#         timed shutdown accepts :shutdown from any child and {:shutdown, _} or
#         :normal from a non-permanent one. Anything else is a shutdown_error report;
#         terminate_child still returns :ok.
# Expected: reports for a (permanent, brutal_kill, :shutdown), d (permanent,
#           brutal_kill, {:shutdown, :x}) and f (permanent, 1000, :normal) only.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Probe do
  # a :logger handler that forwards supervisor reports to the main process
  def log(%{msg: {:report, %{label: {:supervisor, what}, report: r}}}, %{config: %{main: m}})
      when what != :progress do
    send(m, {:report, what, Keyword.get(r, :reason)})
  end

  def log(_event, _config), do: :ok
end

defmodule Scenario do
  def child(id, main, restart, shutdown) do
    fun = fn ->
      send(main, {:child, id, self()})

      receive do
        {:die, reason} -> exit(reason)
      end
    end

    %{id: id, start: {Task, :start_link, [fun]}, restart: restart, shutdown: shutdown}
  end

  def wait_queue(pid, n) do
    case Process.info(pid, :message_queue_len) do
      {:message_queue_len, ^n} -> :ok
      _ -> Process.sleep(1); wait_queue(pid, n)
    end
  end

  def flush_reports do
    receive do
      {:report, what, reason} -> T.p("report", {what, reason}); flush_reports()
    after
      0 -> :ok
    end
  end

  def run do
    main = self()
    # T.start() silenced the logger; the console handler stays silent, the probe hears
    :ok = :logger.set_handler_config(Logger, :level, :none)
    :ok = :logger.add_handler(:probe, Probe, %{config: %{main: main}})
    :ok = :logger.set_primary_config(:level, :all)

    cases = [
      {:a, :permanent, :brutal_kill, :shutdown},
      {:b, :transient, :brutal_kill, :shutdown},
      {:c, :permanent, 1000, :shutdown},
      {:d, :permanent, :brutal_kill, {:shutdown, :x}},
      {:e, :temporary, :brutal_kill, :normal},
      {:f, :permanent, 1000, :normal},
      {:g, :transient, 1000, {:shutdown, :y}}
    ]

    children = for {id, restart, shutdown, _} <- cases, do: child(id, main, restart, shutdown)
    {:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
    T.name(sup, :sup)

    pids =
      for _ <- cases do
        receive do
          {:child, id, pid} -> T.name(pid, id); {id, pid}
        end
      end

    for {id, _restart, _shutdown, reason} <- cases do
      {^id, pid} = List.keyfind(pids, id, 0)
      :ok = :sys.suspend(sup)
      spawn(fn -> send(main, {:result, id, Supervisor.terminate_child(sup, id)}) end)
      wait_queue(sup, 1)
      ref = Process.monitor(pid)
      send(pid, {:die, reason})

      receive do
        {:DOWN, ^ref, :process, ^pid, r} -> T.p("exited", {id, r})
      end

      wait_queue(sup, 2)
      :ok = :sys.resume(sup)

      receive do
        {:result, ^id, r} -> T.p("terminate_child", {id, r})
      end

      flush_reports()
    end

    T.p("which_children", length(Supervisor.which_children(sup)))
    :ok = :logger.set_primary_config(:level, :none)
    :ok = :logger.remove_handler(:probe)
  end
end

T.start()
Scenario.run()
T.done()
