import { describe, expect, it } from 'vitest'
import { maskName, maskPhone } from '../../shared/privacy/mask'

describe('masking personal data', () => {
  it('keeps the first and last character of a name', () => {
    expect(maskName('张晓丰')).toBe('张*丰')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskName('李四')).toBe('李*')
    expect(maskName('王')).toBe('*')
  })
  it('keeps three leading and four trailing digits of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('+86 138-1234-5678')).toBe('861****5678')
    expect(maskPhone('0571-88886666')).toBe('057****6666')
    expect(maskPhone('110')).toBe('***')
  })
})
