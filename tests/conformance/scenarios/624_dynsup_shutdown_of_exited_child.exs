# 624 dynsup_shutdown_of_exited_child
# Checks: Elixir's DynamicSupervisor has its own rule for a child that has already
#         exited when terminate_child shuts it down (its EXIT is queued behind the
#         call): only :normal from a transient or temporary child is quiet; any
#         other reason, :shutdown included, is a shutdown_error report (OTP's
#         supervisor, scenario 515, accepts more). terminate_child returns :ok.
# Expected: one report per case except the two :normal non-permanent ones.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Probe do
  # a :logger handler that forwards supervisor reports (any format) to the main process
  def log(%{msg: {:report, %{label: {:supervisor, what}, report: r}}}, %{config: %{main: m}})
      when what != :progress do
    send(m, {:report, what, Keyword.get(r, :reason)})
  end

  def log(%{msg: {:report, %{label: {:error_logger, :error_report}, report: r}}}, %{
        config: %{main: m}
      }) do
    if Keyword.keyword?(r) and Keyword.has_key?(r, :errorContext) do
      send(m, {:report, Keyword.get(r, :errorContext), Keyword.get(r, :reason)})
    end
  end

  def log(_event, _config), do: :ok
end

defmodule Scenario do
  def child(main, restart, shutdown) do
    fun = fn ->
      send(main, {:child, self()})

      receive do
        {:die, reason} -> exit(reason)
      end
    end

    %{id: :c, start: {Task, :start_link, [fun]}, restart: restart, shutdown: shutdown}
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
    {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
    T.name(sup, :sup)

    for restart <- [:permanent, :transient, :temporary],
        shutdown <- [:brutal_kill, 1000],
        reason <- [:shutdown, {:shutdown, :x}, :normal] do
      {:ok, pid} = DynamicSupervisor.start_child(sup, child(main, restart, shutdown))

      receive do
        {:child, ^pid} -> :ok
      end

      :ok = :sys.suspend(sup)
      spawn(fn -> send(main, {:result, DynamicSupervisor.terminate_child(sup, pid)}) end)
      wait_queue(sup, 1)
      ref = Process.monitor(pid)
      send(pid, {:die, reason})

      receive do
        {:DOWN, ^ref, :process, ^pid, ^reason} -> :ok
      end

      wait_queue(sup, 2)
      :ok = :sys.resume(sup)

      receive do
        {:result, r} -> T.p("terminate_child", {restart, shutdown, reason, r})
      end

      flush_reports()
    end

    T.p("children", DynamicSupervisor.count_children(sup).active)
    :ok = :logger.set_primary_config(:level, :none)
    :ok = :logger.remove_handler(:probe)
  end
end

T.start()
Scenario.run()
T.done()
