# 219 tasksup_ancestors_callers
# Rule: a task under a Task.Supervisor has the supervisor and its ancestors as
#       $ancestors and its starter (then the starter's callers) as $callers: async,
#       async_nolink, start_child and stream tasks alike, and a task started from a task.
# Trace: async {[:sup, :main], [:main]}, nested {[:sup, :main], [:t, :main]},
#        stream [{:ok, {[:sup, :main], [:main]}}]
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf219 do
  def info, do: {Process.get(:"$ancestors"), Process.get(:"$callers")}

  def run do
    main = self()
    {:ok, sup} = Task.Supervisor.start_link(name: :conf219_tasks)
    T.name(sup, :sup)
    T.p("async", Task.await(Task.Supervisor.async(sup, &info/0)))
    T.p("nolink", Task.await(Task.Supervisor.async_nolink(sup, &info/0)))

    {:ok, _} =
      Task.Supervisor.start_child(sup, fn -> send(main, {:child, info()}) end)

    receive do: ({:child, i} -> T.p("child", i))

    nested =
      Task.Supervisor.async(sup, fn ->
        send(main, {:t, self()})
        receive do: (:go -> :ok)
        Task.await(Task.Supervisor.async(:conf219_tasks, &info/0))
      end)

    receive do: ({:t, pid} -> T.name(pid, :t))
    send(nested.pid, :go)
    T.p("nested", Task.await(nested))
    stream = Task.Supervisor.async_stream(sup, [1], fn _ -> info() end)
    T.p("stream", Enum.to_list(stream))
    stream = Task.Supervisor.async_stream_nolink(sup, [1], fn _ -> info() end)
    T.p("stream_nolink", Enum.to_list(stream))
  end
end

T.start()
Conf219.run()
T.done()
