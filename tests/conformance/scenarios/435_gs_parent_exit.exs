# 435 gs_parent_exit
# Checks: when the parent (the process that called start_link) exits, a server that
#         traps exits runs terminate/2 with the parent's reason and exits with it; a
#         server that does not trap exits dies with the reason without running
#         terminate/2. A normal parent exit stops a trapping server too.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Child do
  use GenServer

  def init({main, trap}) do
    Process.flag(:trap_exit, trap)
    {:ok, main}
  end

  def terminate(reason, main), do: T.emit(main, {:terminate, reason})
end

defmodule Scenario do
  def parent_of(main, trap, reason) do
    spawn(fn ->
      {:ok, pid} = GenServer.start_link(Child, {main, trap})
      send(main, {:child, pid})
      receive do: (:go -> exit(reason))
    end)
  end

  def case_(label, trap, reason) do
    main = self()
    parent = parent_of(main, trap, reason)
    pid = receive do: ({:child, p} -> p)
    T.name(pid, :child)
    ref = Process.monitor(pid)
    send(parent, :go)
    receive do
      {:DOWN, ^ref, :process, _, r} -> T.p(label, r)
    end
    Process.sleep(20)
    T.flush()
  end

  def run do
    case_("trapping_bye", true, :bye)
    case_("not_trapping_bye", false, :bye)
    case_("trapping_normal", true, :normal)
    case_("trapping_shutdown", true, {:shutdown, :parent_done})
  end
end

T.start()
Scenario.run()
T.done()
