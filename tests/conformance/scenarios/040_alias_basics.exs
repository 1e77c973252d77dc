# 040 alias_basics
#
# Rule (OTP 24 process aliases): :erlang.alias/0 returns a reference that works as a
#       destination for send/2 from any process while it is active. unalias/1
#       deactivates it (true; false when repeated); messages sent to an inactive alias
#       are silently dropped (send still returns the message). Only the owner can
#       unalias (false for anyone else). An alias made with [:reply] lets exactly one
#       message through and then deactivates itself.
#
# Trace:
#   is_reference true
#   got :via_alias
#   got :from_child
#   stranger_unalias false
#   unalias true
#   send_inactive :dropped
#   mailbox :empty
#   unalias_again false
#   reply_alias :one
#   reply_alias :empty
#   reply_unalias false
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf040 do
  def run do
    a = T.name(:erlang.alias(), :a)
    T.p("is_reference", is_reference(a))
    send(a, :via_alias)
    receive do: (m -> T.p("got", m))

    main = self()

    spawn(fn ->
      send(a, :from_child)
      send(main, {:stranger_unalias, :erlang.unalias(a)})
    end)

    receive do: (:from_child = m -> T.p("got", m))
    receive do: ({:stranger_unalias, r} -> T.p("stranger_unalias", r))

    T.p("unalias", :erlang.unalias(a))
    T.p("send_inactive", send(a, :dropped))
    spawn(fn -> send(a, :dropped_too) end)
    Process.sleep(50)
    T.flush()
    T.p("unalias_again", :erlang.unalias(a))

    once = :erlang.alias([:reply])
    send(once, :one)
    send(once, :two)
    Process.sleep(50)
    T.flush("reply_alias")
    T.p("reply_unalias", :erlang.unalias(once))
  end
end

T.start()
Conf040.run()
T.done()
