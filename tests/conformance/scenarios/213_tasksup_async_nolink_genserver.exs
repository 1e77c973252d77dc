# 213 tasksup_async_nolink_genserver
# Rule: the async_nolink pattern in a GenServer: the task's reply {ref, answer} comes
#       to handle_info, Process.demonitor(ref, [:flush]) drops its :DOWN; a task that
#       fails sends only {:DOWN, ref, :process, pid, reason}; the server survives
#       both and is left with no message.
# Trace: start :started, again :already_running, ev {:answer, 42}, start2 :started,
#        ev {:failed, :boom}, no unexpected message, queue 0
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf213.Server do
  use GenServer

  def init(main), do: {:ok, %{ref: nil, main: main}}

  def handle_call({:start, fun}, _from, %{ref: nil} = s) do
    task = Task.Supervisor.async_nolink(:conf213_tasks, fun)
    {:reply, :started, %{s | ref: task.ref}}
  end

  def handle_call({:start, _fun}, _from, s), do: {:reply, :already_running, s}

  def handle_info({ref, answer}, %{ref: ref} = s) do
    Process.demonitor(ref, [:flush])
    T.emit(s.main, {:answer, answer})
    {:noreply, %{s | ref: nil}}
  end

  def handle_info({:DOWN, ref, :process, _pid, reason}, %{ref: ref} = s) do
    T.emit(s.main, {:failed, reason})
    {:noreply, %{s | ref: nil}}
  end

  def handle_info(other, s) do
    T.emit(s.main, {:unexpected, other})
    {:noreply, s}
  end
end

defmodule Conf213 do
  def run do
    main = self()
    {:ok, tasks} = Task.Supervisor.start_link(name: :conf213_tasks)
    T.name(tasks, :tasks)
    {:ok, srv} = GenServer.start_link(Conf213.Server, main)
    T.name(srv, :srv)

    answer = fn ->
      send(main, {:task, self()})
      receive do: (:go -> 42)
    end

    T.p("start", GenServer.call(srv, {:start, answer}))
    T.p("again", GenServer.call(srv, {:start, answer}))
    t = receive do: ({:task, pid} -> T.name(pid, :t))
    send(t, :go)
    T.ev()
    T.p("start2", GenServer.call(srv, {:start, fn -> exit(:boom) end}))
    T.ev()
    T.evs()
    T.p("queue", Process.info(srv, :message_queue_len))
    T.p("srv_alive", Process.alive?(srv))
    T.p("children", Task.Supervisor.children(:conf213_tasks))
  end
end

T.start()
Conf213.run()
T.done()
