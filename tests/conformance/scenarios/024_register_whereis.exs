# 024 register_whereis
#
# Rule: Process.register/2 binds a name to a pid; whereis/1 resolves it; send/2
#       accepts the name; unregister/1 frees it; a name is also freed
#       automatically when its process exits.
#
# Trace:
#   register true
#   whereis :child
#   reply {:got, :hello}
#   unregister true
#   whereis_after_unregister nil
#   whereis_svc2 :child
#   whereis_after_exit nil
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf024 do
  def relay(main) do
    receive do
      :stop ->
        :ok

      m ->
        send(main, {:got, m})
        relay(main)
    end
  end

  def run do
    main = self()
    child = T.name(spawn(fn -> relay(main) end), :child)
    T.p("register", Process.register(child, :svc))
    T.p("whereis", Process.whereis(:svc))
    send(:svc, :hello)
    receive do: (m -> T.p("reply", m))
    T.p("unregister", Process.unregister(:svc))
    T.p("whereis_after_unregister", Process.whereis(:svc))

    true = Process.register(child, :svc2)
    T.p("whereis_svc2", Process.whereis(:svc2))
    send(child, :stop)
    T.wait_down(child)
    T.p("whereis_after_exit", Process.whereis(:svc2))
  end
end

T.start()
Conf024.run()
T.done()
