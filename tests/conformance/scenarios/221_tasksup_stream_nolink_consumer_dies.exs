# 221 tasksup_stream_nolink_consumer_dies
# Checks: the tasks of Task.Supervisor.async_stream_nolink when their consumer dies
#         with two of them running. A consumer that RAISES while it enumerates runs
#         the stream's cleanup: the running tasks are shut down (none left under the
#         supervisor). A consumer KILLED from outside runs no cleanup: the tasks are
#         not linked to it and run on under the supervisor.
# Expected: raised_down :runtime_error, raised_children 0, killed_down :killed,
#           killed_children 2
Code.require_file("../support/trace.exs", __DIR__)

defmodule Scenario do
  def work(0), do: 0

  def work(n) do
    Process.sleep(:infinity)
    n
  end

  def consume(sup, main, how) do
    Task.Supervisor.async_stream_nolink(sup, [0, 1, 2], &work/1, max_concurrency: 3)
    |> Enum.each(fn result ->
      send(main, {:took, result})

      case how do
        :raise -> raise "a bug in the consumer"
        :wait -> Process.sleep(:infinity)
      end
    end)
  end

  def run do
    {:ok, sup} = Task.Supervisor.start_link()
    main = self()

    {pid, ref} = spawn_monitor(fn -> consume(sup, main, :raise) end)
    T.name(pid, :raising)
    receive do
      {:took, r} -> T.p("raised_took", r)
    end

    receive do
      {:DOWN, ^ref, _, _, {%RuntimeError{}, _}} -> T.p("raised_down", :runtime_error)
    end

    Process.sleep(20)
    T.p("raised_children", length(Task.Supervisor.children(sup)))

    {pid, ref} = spawn_monitor(fn -> consume(sup, main, :wait) end)
    T.name(pid, :waiting)
    receive do
      {:took, r} -> T.p("killed_took", r)
    end

    Process.exit(pid, :kill)

    receive do
      {:DOWN, ^ref, _, _, why} -> T.p("killed_down", why)
    end

    Process.sleep(20)
    children = Task.Supervisor.children(sup)
    T.p("killed_children", length(children))
    Enum.each(children, &Task.Supervisor.terminate_child(sup, &1))
    T.p("terminated_children", length(Task.Supervisor.children(sup)))
    T.flush()
  end
end

T.start()
Scenario.run()
T.done()
