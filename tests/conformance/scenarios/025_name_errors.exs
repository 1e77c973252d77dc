# 025 name_errors
#
# Rule: misuse of the name registry raises ArgumentError: sending to a name nobody
#       holds (unlike sending to a dead pid), registering a name that is taken,
#       giving a process a second name, registering a dead pid, unregistering an
#       unknown name. whereis/1 of an unknown name just returns nil.
#
# Trace:
#   send_unregistered raised ArgumentError
#   register_taken raised ArgumentError
#   register_second_name raised ArgumentError
#   register_dead raised ArgumentError
#   unregister_unknown raised ArgumentError
#   whereis_unknown nil
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf025 do
  # Runs `fun`; prints "<what> returned <value>" or "<what> raised <ExceptionModule>".
  def try_it(what, fun) do
    T.p(what <> " returned", fun.())
  rescue
    err -> T.p(what <> " raised", err.__struct__)
  end

  def sleeper, do: spawn(fn -> Process.sleep(:infinity) end)

  def run do
    try_it("send_unregistered", fn -> send(:nobody_here, :hi) end)

    a = T.name(sleeper(), :a)
    b = T.name(sleeper(), :b)
    true = Process.register(a, :taken)
    try_it("register_taken", fn -> Process.register(b, :taken) end)
    try_it("register_second_name", fn -> Process.register(a, :another) end)

    dead = spawn(fn -> nil end)
    T.wait_down(dead)
    try_it("register_dead", fn -> Process.register(dead, :ghost) end)
    try_it("unregister_unknown", fn -> Process.unregister(:never_registered) end)
    T.p("whereis_unknown", Process.whereis(:never_registered))
  end
end

T.start()
Conf025.run()
T.done()
