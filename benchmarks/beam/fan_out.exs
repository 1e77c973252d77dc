# fan_out: one sender sends N messages to one receiver, which counts them and reports.
Code.require_file("common.exs", __DIR__)

defmodule FanOut do
  alias Bench.Common

  def receiver(0, count, driver), do: send(driver, {:count, count})

  def receiver(n, count, driver) do
    receive do
      :msg -> receiver(n - 1, count + 1, driver)
    end
  end

  def sender(target) do
    receive do
      {:go, n} -> blast(n, target)
    end
  end

  def blast(0, _target), do: :ok

  def blast(n, target) do
    send(target, :msg)
    blast(n - 1, target)
  end

  def run(%{impl: impl, n: n}) do
    driver = self()
    receiver = spawn(__MODULE__, :receiver, [n, 0, driver])
    sender = spawn(__MODULE__, :sender, [receiver])
    t0 = Common.now()
    send(sender, {:go, n})

    count =
      receive do
        {:count, c} -> c
      end

    t1 = Common.now()
    Common.emit("fan_out", impl, "message", n, Common.seconds(t0, t1))
    Common.check(count == n, "received #{count} of #{n}")
  end
end

FanOut.run(Bench.Common.args())
