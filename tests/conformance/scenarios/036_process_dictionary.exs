# 036 process_dictionary
#
# Rule: Process.put/2 returns the previous value (nil the first time);
#       Process.get/1,2 returns the value, nil or the given default;
#       Process.delete/1 returns the removed value (nil when absent). Every process
#       has its own dictionary: a child sees none of its parent's keys and its
#       writes do not reach the parent.
#
# Trace:
#   put_new nil
#   put_again 1
#   get 2
#   get_missing nil
#   get_default :dflt
#   child_get nil
#   after_child 2
#   delete 2
#   delete_again nil
#   get_deleted nil
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf036 do
  def run do
    main = self()
    T.p("put_new", Process.put(:k, 1))
    T.p("put_again", Process.put(:k, 2))
    T.p("get", Process.get(:k))
    T.p("get_missing", Process.get(:missing))
    T.p("get_default", Process.get(:missing, :dflt))

    spawn(fn ->
      seen = Process.get(:k)
      Process.put(:k, :from_child)
      send(main, {:child_get, seen})
    end)

    receive do: ({:child_get, v} -> T.p("child_get", v))
    T.p("after_child", Process.get(:k))
    T.p("delete", Process.delete(:k))
    T.p("delete_again", Process.delete(:k))
    T.p("get_deleted", Process.get(:k))
  end
end

T.start()
Conf036.run()
T.done()
