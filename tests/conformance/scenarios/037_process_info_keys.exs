# 037 process_info_keys
#
# Rule: Process.info(pid, key) returns {key, value}: :message_queue_len counts the
#       messages queued and not yet received (signals the caller sent before the call
#       are counted); :links lists the linked pids; :trap_exit the flag; :registered_name the name, or [] when the process has none. For a
#       dead pid Process.info/1,2 return nil.
#
# Trace:
#   queue_len {:message_queue_len, 2}
#   links_before {:links, []}
#   links {:links, [:main]}
#   trap_exit {:trap_exit, false}
#   own_trap_exit {:trap_exit, true}
#   no_name {:registered_name, []}
#   name {:registered_name, :worker}
#   dead_info_links nil
#   dead_info nil
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf037 do
  def run do
    p = T.name(spawn(fn -> receive do: (:stop -> :ok) end), :p)
    send(p, :m1)
    send(p, :m2)
    T.p("queue_len", Process.info(p, :message_queue_len))
    T.p("links_before", Process.info(p, :links))
    true = Process.link(p)
    T.p("links", Process.info(p, :links))
    T.p("trap_exit", Process.info(p, :trap_exit))
    Process.flag(:trap_exit, true)
    T.p("own_trap_exit", Process.info(self(), :trap_exit))
    T.p("no_name", Process.info(p, :registered_name))
    true = Process.register(p, :worker)
    T.p("name", Process.info(p, :registered_name))

    send(p, :stop)
    receive do: ({:EXIT, ^p, :normal} -> :ok)
    T.p("dead_info_links", Process.info(p, :links))
    T.p("dead_info", Process.info(p))
  end
end

T.start()
Conf037.run()
T.done()
