# 217 tasksup_owner_dies
# Rule: when the process that started supervised tasks dies abnormally, an async
#       (linked) task dies with the same reason; an async_nolink task and a
#       start_child task run on to their end; the supervisor keeps none afterwards.
# Trace: linked_down :bye, nolink_alive true, child_alive true, nolink_down :normal,
#        child_down :normal, children []
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf217 do
  def run do
    main = self()
    {:ok, sup} = Task.Supervisor.start_link()
    T.name(sup, :sup)
    waiter = fn -> receive do: (:go -> :done) end

    owner =
      spawn(fn ->
        linked = Task.Supervisor.async(sup, waiter)
        nolink = Task.Supervisor.async_nolink(sup, waiter)
        {:ok, child} = Task.Supervisor.start_child(sup, waiter)
        send(main, {:tasks, linked.pid, nolink.pid, child})
        receive do: (:die -> exit(:bye))
      end)

    T.name(owner, :owner)
    {linked, nolink, child} = receive do: ({:tasks, l, n, c} -> {l, n, c})
    T.name(linked, :linked)
    T.name(nolink, :nolink)
    T.name(child, :child)
    refs = for pid <- [linked, nolink, child], do: Process.monitor(pid)
    send(owner, :die)
    [lref, nref, cref] = refs

    receive do
      {:DOWN, ^lref, :process, _, reason} -> T.p("linked_down", reason)
    end

    T.p("owner_alive", Process.alive?(owner))
    T.p("nolink_alive", Process.alive?(nolink))
    T.p("child_alive", Process.alive?(child))
    send(nolink, :go)

    receive do
      {:DOWN, ^nref, :process, _, reason} -> T.p("nolink_down", reason)
    end

    send(child, :go)

    receive do
      {:DOWN, ^cref, :process, _, reason} -> T.p("child_down", reason)
    end

    Process.sleep(50)
    T.p("children", Task.Supervisor.children(sup))
    T.flush()
  end
end

T.start()
Conf217.run()
T.done()
