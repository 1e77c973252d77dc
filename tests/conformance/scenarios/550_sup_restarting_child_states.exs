# 550 sup_restarting_child_states
# Rule: a child whose restart failed is :restarting until the supervisor tries again
#       (after the messages already queued): which_children shows :restarting,
#       count_children does not count it active, delete_child and restart_child answer
#       {:error, :restarting}; under :all_significant a restarting significant child still
#       counts as running, so another significant child's normal exit does not stop the
#       supervisor; terminate_child of a restarting child makes it :undefined and cancels
#       the retry.
# Trace: a is killed, its restart fails once (a waits for :go); meanwhile b exits :normal
#        and the queued calls are answered; the retry then starts a; the supervisor lives.
Code.require_file("../support/trace.exs", __DIR__)

defmodule W do
  use GenServer
  def init(id), do: {:ok, id}
  def handle_cast({:exit, reason}, s), do: {:stop, reason, s}

  def start(id, main) do
    if id == :a and :persistent_term.get(:fail_a, false) do
      :persistent_term.put(:fail_a, false)
      send(main, {:failing, id})
      receive do
        :go -> :ok
      end
      {:error, :down}
    else
      GenServer.start_link(W, id)
    end
  end
end

defmodule Sup do
  use Supervisor
  def init(children), do: {:ok, {%{strategy: :one_for_one, intensity: 10, period: 5, auto_shutdown: :all_significant}, children}}
end

defmodule Conf550 do
  def spec(id, main, sig), do: %{id: id, start: {W, :start, [id, main]}, restart: :transient, significant: sig}
  def pid_of(sup, id), do: Enum.find_value(Supervisor.which_children(sup), fn {i, p, _, _} -> i == id && p end)
  def shown(sup), do: for({id, p, _, _} <- Supervisor.which_children(sup), do: {id, if(is_pid(p), do: :pid, else: p)})

  def ask(sup, label, req) do
    main = self()
    spawn(fn -> send(main, {:answer, label, GenServer.call(sup, req)}) end)
    Process.sleep(50)
  end

  # in call order, whatever order the askers forward them in
  def answers(labels) do
    for label <- labels do
      receive do
        {:answer, ^label, r} when label == "which_children" ->
          T.p(label, for({id, p, _, _} <- r, do: {id, if(is_pid(p), do: :pid, else: p)}))
        {:answer, ^label, r} when label == "count_children" -> T.p(label, Map.new(r))
        {:answer, ^label, r} -> T.p(label, r)
      end
    end
  end

  def run do
    main = self()
    Process.flag(:trap_exit, true)
    {:ok, sup} = Supervisor.start_link(Sup, [spec(:a, main, true), spec(:b, main, true), spec(:c, main, false)])
    T.name(sup, :sup)
    :persistent_term.put(:fail_a, true)
    b = pid_of(sup, :b)
    ref = Process.monitor(b)
    Process.exit(pid_of(sup, :a), :kill)
    receive do
      {:failing, :a} -> T.say("a's restart is failing")
    end
    GenServer.cast(b, {:exit, :normal})
    receive do
      {:DOWN, ^ref, _, _, reason} -> T.p("b down", reason)
    end
    Process.sleep(50)
    ask(sup, "which_children", :which_children)
    ask(sup, "count_children", :count_children)
    ask(sup, "delete_child", {:delete_child, :a})
    ask(sup, "restart_child", {:restart_child, :a})
    send(sup, :go)
    answers(["which_children", "count_children", "delete_child", "restart_child"])
    Process.sleep(50)
    T.p("alive", Process.alive?(sup))
    T.p("after retry", shown(sup))
    T.say("a is killed, its restart fails again, terminate_child(a) while restarting")
    :persistent_term.put(:fail_a, true)
    Process.exit(pid_of(sup, :a), :kill)
    receive do
      {:failing, :a} -> :ok
    end
    ask(sup, "terminate_child", {:terminate_child, :a})
    ask(sup, "which_children", :which_children)
    send(sup, :go)
    answers(["terminate_child", "which_children"])
    Process.sleep(50)
    T.p("alive", Process.alive?(sup))
    T.p("end", shown(sup))
  end
end

T.start()
Conf550.run()
T.done()
